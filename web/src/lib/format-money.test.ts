import '@/i18n';
import { describe, expect, it } from 'vitest';
import { centsFromUnits, formatPriceFrom, unitsFromCents } from './format-money';

describe('centsFromUnits', () => {
  it('reads whole amounts and up to two decimals, with a dot or a comma', () => {
    expect(centsFromUnits('45')).toBe(4500);
    expect(centsFromUnits(' 45.5 ')).toBe(4550);
    expect(centsFromUnits('45,05')).toBe(4505);
    expect(centsFromUnits('0')).toBe(0);
    expect(centsFromUnits('19.99')).toBe(1999);
  });

  it('refuses what is not an amount', () => {
    for (const text of ['', ' ', '-5', 'abc', '1.234', '1e3', '12.', '.5']) expect(centsFromUnits(text)).toBeNull();
  });
});

describe('unitsFromCents', () => {
  it('leaves out the decimals of a whole amount and keeps two otherwise', () => {
    expect(unitsFromCents(4500)).toBe('45');
    expect(unitsFromCents(4550)).toBe('45.50');
    expect(unitsFromCents(5)).toBe('0.05');
  });
});

describe('formatPriceFrom', () => {
  it('says Free for a free ticket and nothing when the event has no ticket types', () => {
    expect(formatPriceFrom(0, 'EUR')).toBe('Free');
    expect(formatPriceFrom(null, 'EUR')).toBeNull();
    expect(formatPriceFrom(4500, 'EUR')).toMatch(/^From .*45/);
  });
});
