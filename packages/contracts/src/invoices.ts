/** Billing details, invoices and credit notes (API.md "Invoices"). */
import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** Longest accepted text per billing field, in characters (code points). */
export const BILLING_LIMITS = { name: 120, company: 200, vatId: 40, address: 300, country: 2 } as const;

// Printed on a legal document: a control character, bidi override or line separator would change
// what the reader sees. Only the address may break lines (plain "\n").
const FORBIDDEN = /[\p{Cc}\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;
/** The same, with line feeds allowed (checked after they are taken out). */
const forbiddenInAddress = (address: string) => FORBIDDEN.test(address.replace(/\n/g, ' '));

export const BillingSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: BILLING_LIMITS.name }),
    company: Type.Optional(Type.String({ maxLength: BILLING_LIMITS.company })),
    vatId: Type.Optional(Type.String({ maxLength: BILLING_LIMITS.vatId })),
    address: Type.String({ minLength: 1, maxLength: BILLING_LIMITS.address }),
    /** ISO 3166-1 alpha-2 ("RO"; stored in upper case). */
    country: Type.String({ minLength: 2, maxLength: 2 }),
  },
  { additionalProperties: false },
);
export type Billing = Static<typeof BillingSchema>;

export interface BillingProblem {
  path: `/${keyof Billing}`;
  message: string;
}

/**
 * The billing details as they will be stored (trimmed; empty optional fields dropped) and what is
 * wrong with them, field by field: the server refuses with these paths, the web form shows them.
 */
export function normalizeBilling(input: Billing): { billing: Billing; problems: BillingProblem[] } {
  const trim = (s: string | undefined) => (s ?? '').replace(/\r\n?/g, '\n').trim();
  const billing: Billing = { name: trim(input.name), address: trim(input.address), country: trim(input.country).toUpperCase() };
  const company = trim(input.company);
  const vatId = trim(input.vatId).toUpperCase();
  if (company !== '') billing.company = company;
  if (vatId !== '') billing.vatId = vatId;
  const problems: BillingProblem[] = [];
  if (billing.name === '') problems.push({ path: '/name', message: 'is required' });
  if (billing.address === '') problems.push({ path: '/address', message: 'is required' });
  if (!/^[A-Z]{2}$/.test(billing.country)) problems.push({ path: '/country', message: 'must be a two-letter country code' });
  for (const key of ['name', 'company', 'vatId'] as const)
    if (FORBIDDEN.test(billing[key] ?? '')) problems.push({ path: `/${key}`, message: 'must not contain control characters' });
  if (forbiddenInAddress(billing.address)) problems.push({ path: '/address', message: 'must not contain control characters' });
  if (billing.vatId !== undefined && !/^[A-Z0-9][A-Z0-9 .-]*$/.test(billing.vatId))
    problems.push({ path: '/vatId', message: 'may hold letters, digits, spaces, dots and dashes' });
  return { billing, problems };
}

export const InvoiceSummarySchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    kind: Type.Unsafe<InvoiceKind>({ type: 'string', enum: [...INVOICE_KINDS] }),
    /** Negative for a credit note. */
    totalCents: Type.Integer(),
    currency: Type.String(),
    issuedAt: Type.String(),
    /** The invoice's number, for a credit note; null for an invoice. */
    refersTo: OrNull(Type.String()),
  },
  { additionalProperties: false },
);
export type InvoiceSummary = Static<typeof InvoiceSummarySchema>;

export const AdminInvoiceSchema = Type.Object(
  {
    ...InvoiceSummarySchema.properties,
    reservationId: Type.String(),
    reservationCode: Type.String(),
    organizerId: Type.String(),
    buyerName: Type.String(),
    netCents: Type.Integer(),
    taxCents: Type.Integer(),
  },
  { additionalProperties: false },
);
export type AdminInvoice = Static<typeof AdminInvoiceSchema>;

export const AdminInvoiceQuerySchema = Type.Object(
  {
    organizerId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    /** Issued on or after this instant (ISO 8601). */
    from: Type.Optional(Type.String({ format: 'date-time' })),
    /** Issued before this instant (ISO 8601). */
    to: Type.Optional(Type.String({ format: 'date-time' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type AdminInvoiceQuery = Static<typeof AdminInvoiceQuerySchema>;
