/** Waiting lists for sold-out ticket types (API.md, "Waiting list and buyer self-service"). */
import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';

export const WAITLIST_STATUSES = ['waiting', 'offered', 'fulfilled', 'expired', 'cancelled'] as const;
export type WaitlistStatus = (typeof WAITLIST_STATUSES)[number];

export const WaitlistJoinSchema = Type.Object(
  {
    ticketTypeId: Type.String({ minLength: 1, maxLength: 100 }),
    /** At most the event's maxTicketsPerOrder (checked by the server: 422 limit_exceeded). */
    quantity: Type.Integer({ minimum: 1, maximum: 100 }),
  },
  { additionalProperties: false },
);
export type WaitlistJoin = Static<typeof WaitlistJoinSchema>;

export const WaitlistEntrySchema = Type.Object(
  {
    id: Type.String(),
    event: Type.Object(
      { id: Type.String(), title: Type.String(), startsAt: Type.String(), timeZone: Type.String() },
      { additionalProperties: false },
    ),
    ticketTypeId: Type.String(),
    ticketTypeName: Type.String(),
    quantity: Type.Integer(),
    status: Type.Unsafe<WaitlistStatus>({ type: 'string', enum: [...WAITLIST_STATUSES] }),
    /** 1 for the next in line; null once the entry no longer waits. */
    position: OrNull(Type.Integer()),
    /** The offer's reservation (pay it at its checkout), once offered. */
    reservationId: OrNull(Type.String()),
    offeredAt: OrNull(Type.String()),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type WaitlistEntry = Static<typeof WaitlistEntrySchema>;

/** The organizer's view: every entry of the event in order, with who it is. */
export const AdminWaitlistEntrySchema = Type.Object(
  {
    ...WaitlistEntrySchema.properties,
    user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type AdminWaitlistEntry = Static<typeof AdminWaitlistEntrySchema>;
