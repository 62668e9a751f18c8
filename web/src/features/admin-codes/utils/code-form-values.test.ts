import { describe, expect, it } from 'vitest';
import { localInputOf, readTerms } from './code-form-values';

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}

describe('code form values', () => {
  it('reads a percentage or an amount as the API’s terms', () => {
    expect(
      readTerms(form({ kind: 'discount', discountKind: 'percent', discountValue: '15', ticketTypeIds: ['a', 'b'] })),
    ).toEqual({
      terms: {
        kind: 'discount',
        percentOff: 15,
        amountOffCents: null,
        ticketTypeIds: ['a', 'b'],
        maxUses: null,
        validFrom: null,
        validUntil: null,
      },
      problems: {},
    });
    const amount = readTerms(form({ kind: 'access', discountKind: 'amount', discountValue: '2,50', maxUses: '40' }));
    expect(amount.terms).toMatchObject({ kind: 'access', amountOffCents: 250, percentOff: null, maxUses: 40 });
    expect(readTerms(form({ kind: 'access', discountKind: 'percent', discountValue: '' })).problems).toEqual({});
  });

  it('names each field it cannot send', () => {
    expect(readTerms(form({ kind: 'discount', discountKind: 'percent', discountValue: '' })).problems).toEqual({
      discountValue: 'required',
    });
    expect(readTerms(form({ kind: 'discount', discountKind: 'percent', discountValue: '101' })).problems).toEqual({
      discountValue: 'percent',
    });
    expect(
      readTerms(
        form({
          kind: 'access',
          discountKind: 'percent',
          discountValue: '',
          maxUses: '0',
          validFrom: '2030-01-02T10:00',
          validUntil: '2030-01-01T10:00',
        }),
      ).problems,
    ).toEqual({ maxUses: 'maxUses', validUntil: 'order' });
  });

  it('shows a stored time in the admin’s clock and reads it back unchanged', () => {
    const iso = new Date(2030, 0, 2, 9, 30).toISOString();
    const local = localInputOf(iso);
    expect(local).toBe('2030-01-02T09:30');
    expect(
      readTerms(form({ kind: 'access', discountKind: 'percent', discountValue: '', validFrom: local })).terms.validFrom,
    ).toBe(iso);
  });
});
