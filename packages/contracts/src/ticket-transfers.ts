/**
 * Buyer self-service on single tickets (API.md, "Waiting list and buyer self-service"): the
 * attendee's name, giving a ticket to someone else's account, and the tickets one received.
 */
import { Type, type Static } from 'typebox';
import { RESERVATION_STATUSES, TicketSchema, type ReservationStatus } from './reservations.js';

export const TICKET_NAME_LIMITS = { maxLength: 100 } as const;

/** Letters, marks, spaces and punctuation: no control characters (they would break PDFs and exports). */
const NO_CONTROL = '^[^\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]*$';

export const AttendeeNameRequestSchema = Type.Object(
  { attendeeName: Type.String({ minLength: 1, maxLength: TICKET_NAME_LIMITS.maxLength, pattern: NO_CONTROL }) },
  { additionalProperties: false },
);
export type AttendeeNameRequest = Static<typeof AttendeeNameRequestSchema>;

export const TicketTransferRequestSchema = Type.Object(
  { email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }) },
  { additionalProperties: false },
);
export type TicketTransferRequest = Static<typeof TicketTransferRequestSchema>;

/** What the sender is answered: the ticket is no longer theirs, so none of its codes. */
export const TicketTransferResultSchema = Type.Object(
  {
    ticketId: Type.String(),
    reservationId: Type.String(),
    /** The address it went to, as normalised (lower case). */
    email: Type.String(),
    /** Whether an account was made for that address (it gets an email to choose a password). */
    accountCreated: Type.Boolean(),
    transferredAt: Type.String(),
  },
  { additionalProperties: false },
);
export type TicketTransferResult = Static<typeof TicketTransferResultSchema>;

export const ReceivedTicketSchema = Type.Object(
  {
    ticket: TicketSchema,
    event: Type.Object(
      {
        id: Type.String(),
        title: Type.String(),
        startsAt: Type.String(),
        venue: Type.Object({ id: Type.String(), name: Type.String(), city: Type.String() }, { additionalProperties: false }),
        timeZone: Type.String(),
      },
      { additionalProperties: false },
    ),
    /** Addition: the reservation the ticket was bought in (names are edited through it). */
    reservationId: Type.String(),
    /** Addition: that reservation's status; anything but `paid` means the ticket no longer admits. */
    status: Type.Unsafe<ReservationStatus>({ type: 'string', enum: [...RESERVATION_STATUSES] }),
    /** Addition: when it reached this account. */
    receivedAt: Type.String(),
  },
  { additionalProperties: false },
);
export type ReceivedTicket = Static<typeof ReceivedTicketSchema>;

export const ReceivedTicketListSchema = Type.Object({ items: Type.Array(ReceivedTicketSchema) }, { additionalProperties: false });
export type ReceivedTicketList = Static<typeof ReceivedTicketListSchema>;
