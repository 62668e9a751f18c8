import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';

/** What a check-in scan can answer (API.md, Check-in). */
export const CHECKIN_RESULTS = ['ok', 'already_checked_in', 'invalid', 'wrong_event', 'not_valid'] as const;
export type CheckinResult = (typeof CHECKIN_RESULTS)[number];

export const TICKET_LIMITS = {
  /** A QR payload is about 135 characters; anything much longer is not one of ours. */
  codeMaxLength: 400,
  deviceMaxLength: 100,
} as const;

export const CheckinRequestSchema = Type.Object(
  {
    /** The QR text, or the ticket's short code as printed under it (case, spaces and hyphens ignored). */
    code: Type.String({ minLength: 1, maxLength: TICKET_LIMITS.codeMaxLength }),
    eventId: Type.String({ minLength: 1, maxLength: 100 }),
    /** Which scanner sent it (a name the staff member chose); recorded with the scan. */
    device: Type.Optional(Type.String({ maxLength: TICKET_LIMITS.deviceMaxLength })),
  },
  { additionalProperties: false },
);
export type CheckinRequest = Static<typeof CheckinRequestSchema>;

export const CheckinTicketSchema = Type.Object(
  {
    id: Type.String(),
    eventId: Type.String(),
    eventTitle: Type.String(),
    reservationCode: Type.String(),
    typeName: Type.String(),
    seat: Type.Union([
      Type.Object({ section: Type.String(), row: Type.String(), number: Type.Integer() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    attendeeName: OrNull(Type.String()),
    /** Who the ticket admits: the attendee name, else the buyer's (the same rule as every answer). */
    holder: Type.Optional(
      Type.Object(
        { name: Type.String(), source: Type.Union([Type.Literal('attendee'), Type.Literal('buyer')]) },
        { additionalProperties: false },
      ),
    ),
    shortCode: Type.Optional(OrNull(Type.String())),
  },
  { additionalProperties: false },
);
export type CheckinTicket = Static<typeof CheckinTicketSchema>;

export const CheckinResponseSchema = Type.Object(
  {
    result: Type.Unsafe<CheckinResult>({ type: 'string', enum: [...CHECKIN_RESULTS] }),
    /** The ticket the code names; null when the code is not a valid ticket of ours. */
    ticket: Type.Union([CheckinTicketSchema, Type.Null()]),
    /** When the ticket was checked in (now for `ok`, the first time for `already_checked_in`). */
    checkedInAt: OrNull(Type.String()),
  },
  { additionalProperties: false },
);
export type CheckinResponse = Static<typeof CheckinResponseSchema>;

/** GET /api/checkin/lookup?code=: a reservation code (or a ticket's short code) and its tickets. */
export const CheckinLookupQuerySchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 40 }), eventId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);
export type CheckinLookupQuery = Static<typeof CheckinLookupQuerySchema>;

export const CheckinLookupSchema = Type.Object(
  {
    reservation: Type.Object(
      {
        code: Type.String(),
        status: Type.String(),
        eventId: Type.String(),
        eventTitle: Type.String(),
        timeZone: Type.String(),
        startsAt: Type.String(),
      },
      { additionalProperties: false },
    ),
    tickets: Type.Array(
      Type.Object(
        {
          ticket: CheckinTicketSchema,
          /** `valid` (may enter), `checked_in` (entered at checkedInAt) or `not_valid` (not paid, event not on). */
          status: Type.Union([Type.Literal('valid'), Type.Literal('checked_in'), Type.Literal('not_valid')]),
          checkedInAt: OrNull(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CheckinLookup = Static<typeof CheckinLookupSchema>;

export const CheckinStatsSchema = Type.Object(
  { total: Type.Integer(), checkedIn: Type.Integer() },
  { additionalProperties: false },
);
export type CheckinStats = Static<typeof CheckinStatsSchema>;

export const TicketsPdfQuerySchema = Type.Object(
  {
    /** `a4` (default) for printing; `phone` for a narrow page that fills a phone screen. */
    size: Type.Optional(Type.Union([Type.Literal('a4'), Type.Literal('phone')])),
  },
  { additionalProperties: false },
);
export type TicketsPdfQuery = Static<typeof TicketsPdfQuerySchema>;
