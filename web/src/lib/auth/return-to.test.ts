import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

describe('safeReturnTo', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeReturnTo('/account')).toBe('/account');
    expect(safeReturnTo('/admin/users?q=ana&role=staff')).toBe('/admin/users?q=ana&role=staff');
    expect(safeReturnTo('/events/abc#tickets')).toBe('/events/abc#tickets');
    expect(safeReturnTo('/')).toBe('/');
  });

  it('falls back to the home page when there is nothing to return to', () => {
    expect(safeReturnTo(null)).toBe('/');
    expect(safeReturnTo(undefined)).toBe('/');
    expect(safeReturnTo('')).toBe('/');
  });

  it('refuses protocol-relative addresses that leave the site', () => {
    expect(safeReturnTo('//evil.example')).toBe('/');
    expect(safeReturnTo('//evil.example/account')).toBe('/');
    expect(safeReturnTo('///evil.example')).toBe('/');
  });

  it('refuses backslashes and control characters that browsers turn into //', () => {
    expect(safeReturnTo('/\\evil.example')).toBe('/');
    expect(safeReturnTo('/\\/evil.example')).toBe('/');
    expect(safeReturnTo('/\t/evil.example')).toBe('/');
    expect(safeReturnTo('/\n/evil.example')).toBe('/');
    expect(safeReturnTo('/account\\..\\x')).toBe('/');
  });

  it('refuses absolute URLs and scripts', () => {
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('http:/evil.example')).toBe('/');
    expect(safeReturnTo('javascript:alert(1)')).toBe('/');
    expect(safeReturnTo(' javascript:alert(1)')).toBe('/');
    expect(safeReturnTo('data:text/html,<script>alert(1)</script>')).toBe('/');
    expect(safeReturnTo('account')).toBe('/');
    expect(safeReturnTo('evil.example')).toBe('/');
  });

  it('refuses absurdly long values', () => {
    expect(safeReturnTo(`/${'a'.repeat(5000)}`)).toBe('/');
  });
});
