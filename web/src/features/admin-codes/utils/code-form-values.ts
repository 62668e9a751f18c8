/**
 * A code form's fields (read with FormData) as the API's terms, and the problems the form can see
 * before sending: a discount code needs an amount, percentages are 1–100, dates in order.
 */
import type { CodeKind } from '@iatichet/contracts';
import { centsFromUnits } from '@/lib/format-money';

export interface CodeTerms {
  kind: CodeKind;
  percentOff: number | null;
  amountOffCents: number | null;
  ticketTypeIds: string[];
  maxUses: number | null;
  validFrom: string | null;
  validUntil: string | null;
}

const text = (data: FormData, name: string) => {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

/** A `datetime-local` value (the admin's own clock) as an ISO time; '' is none. */
const isoOf = (value: string) => (value === '' ? null : new Date(value).toISOString());

/** An ISO time as a `datetime-local` value in the admin's clock. */
export function localInputOf(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.getFullYear())}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function readTerms(data: FormData): { terms: CodeTerms; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const kind: CodeKind = text(data, 'kind') === 'access' ? 'access' : 'discount';
  const discountKind = text(data, 'discountKind');
  const value = text(data, 'discountValue');
  let percentOff: number | null = null;
  let amountOffCents: number | null = null;
  if (value !== '') {
    if (discountKind === 'amount') {
      amountOffCents = centsFromUnits(value);
      if (amountOffCents === null || amountOffCents <= 0) problems.discountValue = 'amount';
    } else {
      percentOff = /^\d{1,3}$/.test(value) ? Number(value) : null;
      if (percentOff === null || percentOff < 1 || percentOff > 100) problems.discountValue = 'percent';
    }
  } else if (kind === 'discount') problems.discountValue = 'required';
  const maxText = text(data, 'maxUses');
  const maxUses = maxText === '' ? null : /^\d{1,7}$/.test(maxText) && Number(maxText) > 0 ? Number(maxText) : NaN;
  if (Number.isNaN(maxUses)) problems.maxUses = 'maxUses';
  const validFrom = isoOf(text(data, 'validFrom'));
  const validUntil = isoOf(text(data, 'validUntil'));
  if (validFrom !== null && validUntil !== null && validFrom >= validUntil) problems.validUntil = 'order';
  const ticketTypeIds = data.getAll('ticketTypeIds').filter((id): id is string => typeof id === 'string');
  return {
    terms: {
      kind,
      percentOff,
      amountOffCents,
      ticketTypeIds,
      maxUses: Number.isNaN(maxUses) ? null : maxUses,
      validFrom,
      validUntil,
    },
    problems,
  };
}
