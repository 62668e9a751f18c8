import { describe, expect, it } from 'vitest';
import { priceLine, priceLines, taxContained } from '../../src/reservations/pricing.js';

const line = (over: Partial<Parameters<typeof priceLine>[0]> = {}) => ({
  ticketTypeId: 't',
  name: 'General',
  quantity: 1,
  unitPriceCents: 11900,
  discountCents: 0,
  taxRate: 1900,
  ...over,
});

describe('pricing', () => {
  it('takes the tax contained in a tax-inclusive price, rounded half up to the cent', () => {
    expect(taxContained(11900, 1900)).toBe(1900);
    expect(taxContained(100, 1900)).toBe(16); // 15.97 -> 16
    expect(taxContained(5, 1900)).toBe(1); // 0.798 -> 1
    expect(taxContained(3, 1900)).toBe(0); // 0.479 -> 0
    expect(taxContained(1000, 0)).toBe(0);
    expect(taxContained(0, 1900)).toBe(0);
    // 900 at 9 %: 74.31 -> 74; 105 at 5 %: exactly 5.
    expect(taxContained(900, 900)).toBe(74);
    expect(taxContained(105, 500)).toBe(5);
  });

  it('rounds per line, so that lines, rates and totals add up to the cent', () => {
    const priced = priceLines([
      line({ ticketTypeId: 'a', quantity: 3, unitPriceCents: 3333, discountCents: 1000 }),
      line({ ticketTypeId: 'b', quantity: 2, unitPriceCents: 999, taxRate: 900 }),
      line({ ticketTypeId: 'c', quantity: 1, unitPriceCents: 0, taxRate: 1900 }),
    ]);
    expect(priced.subtotalCents).toBe(3 * 3333 + 2 * 999);
    expect(priced.discountCents).toBe(1000);
    expect(priced.totalCents).toBe(priced.subtotalCents - 1000);
    expect(priced.taxCents).toBe(priced.lines.reduce((n, l) => n + l.taxCents, 0));
    for (const l of priced.lines) expect(l.netCents + l.taxCents).toBe(l.totalCents);
    const gross = priced.taxes.reduce((n, t) => n + t.grossCents, 0);
    expect(gross).toBe(priced.totalCents);
    expect(priced.taxes.map((t) => t.taxRate)).toEqual([900, 1900]);
    const nineteen = priced.taxes.find((t) => t.taxRate === 1900);
    expect(nineteen?.grossCents).toBe(3 * 3333 - 1000);
    expect(nineteen?.taxCents).toBe(taxContained(3 * 3333 - 1000, 1900));
  });

  it('never discounts a line below zero', () => {
    const l = priceLine(line({ quantity: 2, unitPriceCents: 500, discountCents: 5000 }));
    expect(l.discountCents).toBe(1000);
    expect(l.totalCents).toBe(0);
    expect(l.taxCents).toBe(0);
  });
});
