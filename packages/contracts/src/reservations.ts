import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';
import { BillingSchema } from './invoices.js';
import { AnswerInputsSchema, AnswerSchema } from './questions.js';

/** `refund_pending`: closed, tickets released, and a refund the provider failed is being retried. */
export const RESERVATION_STATUSES = ['pending_payment', 'paid', 'cancelled', 'expired', 'refunded', 'refund_pending'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
export const ASSISTED_PAYMENT_METHODS = ['cash', 'bank_transfer', 'other'] as const;

/** The simulated provider's test cards (API.md). */
export const TEST_CARDS = {
  success: '4242424242424242',
  declined: '4000000000000002',
  outage: '4000000000009995',
  /** The charge succeeds; the first refund of it fails, the retry succeeds. */
  refundFailsOnce: '4000000000005126',
} as const;

const Id = Type.String({ minLength: 1, maxLength: 100 });
const enumOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });
/**
 * Who a ticket admits, decided once on the server: the attendee name given for the ticket, else the
 * buyer's name (`source: "buyer"`, so a page can say "booked by").
 */
export const HolderSchema = Type.Object(
  { name: Type.String(), source: Type.Union([Type.Literal('attendee'), Type.Literal('buyer')]) },
  { additionalProperties: false },
);
export type Holder = Static<typeof HolderSchema>;
const AttendeeName = Type.String({ minLength: 1, maxLength: 120 });

export const ReservationRequestSchema = Type.Object(
  {
    eventId: Id,
    items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            ticketTypeId: Id,
            quantity: Type.Integer({ minimum: 1, maximum: 100 }),
            /** Pay what you want: the price per ticket the buyer chooses (≥ the type's minPriceCents). */
            priceCents: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000_000 })),
          },
          { additionalProperties: false },
        ),
        {
          minItems: 1,
          maxItems: 20,
        },
      ),
    ),
    seats: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100 })),
    /** Reserved seating: let the server pick `quantity` adjacent seats of the type's category, best row first. */
    bestAvailable: Type.Optional(
      Type.Object({ ticketTypeId: Id, quantity: Type.Integer({ minimum: 1, maximum: 100 }) }, { additionalProperties: false }),
    ),
    attendees: Type.Optional(Type.Array(Type.Object({ name: AttendeeName }, { additionalProperties: false }), { maxItems: 100 })),
    /** A discount or access code of the event, matched without regard to case. */
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** Answers to the event's questions (questions.ts); `ticket` indexes the reservation's tickets. */
    answers: Type.Optional(AnswerInputsSchema),
  },
  { additionalProperties: false },
);
export type ReservationRequest = Static<typeof ReservationRequestSchema>;

export const PayRequestSchema = Type.Object(
  {
    method: Type.Literal('card'),
    card: Type.Optional(
      Type.Object(
        {
          number: Type.String({ minLength: 12, maxLength: 23, pattern: '^[0-9 ]+$' }),
          expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
          expYear: Type.Integer({ minimum: 2000, maximum: 2100 }),
          cvc: Type.String({ minLength: 3, maxLength: 4, pattern: '^[0-9]+$' }),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type PayRequest = Static<typeof PayRequestSchema>;

export const TicketSchema = Type.Object(
  {
    id: Type.String(),
    ticketTypeId: Type.String(),
    typeName: Type.String(),
    seat: Type.Union([
      Type.Object({ section: Type.String(), row: Type.String(), number: Type.Integer() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    attendeeName: OrNull(Type.String()),
    /** The name the ticket admits, as every answer, PDF and export shows it (attendee, else buyer). */
    holder: Type.Optional(HolderSchema),
    /** 10 characters of Crockford base32, printed under the QR code; typed at the door instead of it. */
    shortCode: OrNull(Type.String()),
    qr: OrNull(Type.String()),
    checkedInAt: OrNull(Type.String()),
    /** This attendee's answers to per-ticket questions (one reservation's answer and the admin view). */
    answers: Type.Optional(Type.Array(AnswerSchema)),
    /**
     * Addition (transfers): the buyer gave this ticket to someone else's account. Its `qr` and
     * `shortCode` are then null in the reservation's answer: they belong to the new holder
     * (GET /api/tickets).
     */
    transferred: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type Ticket = Static<typeof TicketSchema>;

/** One priced line per ticket type (reservations/pricing.ts): total = quantity × unit − discount. */
export const ReservationLineSchema = Type.Object(
  {
    ticketTypeId: Type.String(),
    name: Type.String(),
    quantity: Type.Integer(),
    /** Per ticket, before discount. */
    unitPriceCents: Type.Integer(),
    /** For the whole line. */
    discountCents: Type.Integer(),
    totalCents: Type.Integer(),
    taxRate: Type.Integer(),
  },
  { additionalProperties: false },
);
export type ReservationLine = Static<typeof ReservationLineSchema>;

export const ReservationSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    status: enumOf(RESERVATION_STATUSES),
    event: Type.Object(
      {
        id: Type.String(),
        title: Type.String(),
        startsAt: Type.String(),
        venue: Type.Object({ id: Type.String(), name: Type.String(), city: Type.String() }),
        timeZone: Type.Optional(Type.String()),
      },
      { additionalProperties: false },
    ),
    expiresAt: Type.String(),
    totalCents: Type.Integer(),
    /** Before discount; totalCents = subtotalCents − discountCents. */
    subtotalCents: Type.Integer(),
    discountCents: Type.Integer(),
    /** The tax contained in totalCents. */
    taxCents: Type.Integer(),
    /** The discount or access code the hold used (`code` stays the booking code). */
    discountCode: OrNull(Type.String()),
    lines: Type.Array(ReservationLineSchema),
    /** The tax summary per rate (pricing.ts): what receipts print; each adds up its lines. */
    taxes: Type.Array(
      Type.Object(
        { taxRate: Type.Integer(), netCents: Type.Integer(), taxCents: Type.Integer(), grossCents: Type.Integer() },
        { additionalProperties: false },
      ),
    ),
    currency: Type.String(),
    createdAt: Type.String(),
    paidAt: OrNull(Type.String()),
    paymentMethod: OrNull(Type.String()),
    buyer: Type.Optional(
      Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }, { additionalProperties: false }),
    ),
    note: Type.Optional(OrNull(Type.String())),
    /** The buyer's billing details for the invoice (PUT /api/reservations/:id/billing); null when none. */
    billing: Type.Optional(Type.Union([BillingSchema, Type.Null()])),
    tickets: Type.Array(TicketSchema),
    /** Answers to the questions asked once per order (one reservation's answer and the admin view). */
    answers: Type.Optional(Type.Array(AnswerSchema)),
  },
  { additionalProperties: false },
);
export type Reservation = Static<typeof ReservationSchema>;

export const ReservationListQuerySchema = Type.Object(
  {
    status: Type.Optional(enumOf(RESERVATION_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type ReservationListQuery = Static<typeof ReservationListQuerySchema>;

export const AdminReservationQuerySchema = Type.Object(
  {
    eventId: Type.Optional(Id),
    status: Type.Optional(enumOf(RESERVATION_STATUSES)),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    /** With `answer`: only reservations with an answer to this question containing that text. */
    questionId: Type.Optional(Id),
    answer: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export type AdminReservationQuery = Static<typeof AdminReservationQuerySchema>;

export const AdminReservationPatchSchema = Type.Object(
  {
    attendees: Type.Optional(
      Type.Array(Type.Object({ ticketId: Id, name: AttendeeName }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 100,
      }),
    ),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type AdminReservationPatch = Static<typeof AdminReservationPatchSchema>;

export const AdminCancelSchema = Type.Object({ refund: Type.Boolean() }, { additionalProperties: false });
export const MarkPaidSchema = Type.Object(
  { method: enumOf(ASSISTED_PAYMENT_METHODS), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type MarkPaidRequest = Static<typeof MarkPaidSchema>;

/**
 * GET /api/payments/config: how this installation takes card payments. `card`: the card details
 * go to /pay (the simulated provider, which also accepts the test cards); `redirect`: /pay answers
 * a URL of the provider's own checkout page (Stripe).
 */
export const PaymentConfigSchema = Type.Object(
  {
    provider: Type.Union([Type.Literal('simulated'), Type.Literal('stripe')]),
    flow: Type.Union([Type.Literal('card'), Type.Literal('redirect')]),
    testCards: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type PaymentConfig = Static<typeof PaymentConfigSchema>;
