import { describe, expect, it } from 'vitest';
import { changeLines, compactJson, formatChange, recordName } from './format-change';

describe('audit change formatting', () => {
  it('shows only the keys that changed when both sides are objects', () => {
    expect(formatChange({ role: 'user', disabled: false }, { role: 'staff', disabled: false })).toEqual({
      before: '{"role":"user"}',
      after: '{"role":"staff"}',
    });
  });

  it('compares against a full snapshot when the after side is only the patch', () => {
    expect(formatChange({ title: 'Gig', status: 'draft', capacity: 100 }, { status: 'published' })).toEqual({
      before: '{"status":"draft"}',
      after: '{"status":"published"}',
    });
  });

  it('leaves a key new on the after side without a before value', () => {
    expect(formatChange({ poster: null }, { poster: 'p/1.webp', alt: 'x' })).toEqual({
      before: '{"poster":null}',
      after: '{"poster":"p/1.webp","alt":"x"}',
    });
  });

  it('keeps a created or deleted record whole, with nothing on the other side', () => {
    expect(formatChange(null, { name: 'Hall' })).toEqual({ before: null, after: '{"name":"Hall"}' });
    expect(formatChange({ name: 'Hall' }, undefined)).toEqual({ before: '{"name":"Hall"}', after: null });
  });

  it('shows both sides whole when nothing differs, rather than two empty objects', () => {
    expect(formatChange({ a: 1 }, { a: 1 })).toEqual({ before: '{"a":1}', after: '{"a":1}' });
  });

  it('cuts long values with an ellipsis', () => {
    const text = compactJson({ note: 'x'.repeat(500) }, 40);
    expect(text).toHaveLength(40);
    expect(text?.endsWith('…')).toBe(true);
  });
});

describe('readable audit details', () => {
  const yesNo = (value: boolean) => (value ? 'yes' : 'no');

  it('writes one line per changed field with plain values, not JSON', () => {
    expect(changeLines({ role: 'user', disabled: false }, { role: 'staff', disabled: true }, yesNo)).toEqual([
      { field: 'role', before: 'user', after: 'staff' },
      { field: 'disabled', before: 'no', after: 'yes' },
    ]);
  });

  it('names a record by its title, name, code or email', () => {
    expect(recordName({ title: 'Hamlet', status: 'draft' }, { status: 'published' })).toBe('Hamlet');
    expect(recordName(null, { email: 'ana@example.test' })).toBe('ana@example.test');
    expect(recordName(null, null)).toBeNull();
  });
});
