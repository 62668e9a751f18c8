import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';
import type { SeatStatus } from './catalog.js';

/** Socket.IO message names (API.md, "Notifications and real time"). */
export const REALTIME = {
  watch: 'event:watch',
  unwatch: 'event:unwatch',
  availability: 'event:availability',
  viewers: 'event:viewers',
  notification: 'notification',
  /** Admins only: follow an event's dashboard numbers; answered by `dashboard:changed`. */
  dashboardWatch: 'dashboard:watch',
  dashboardUnwatch: 'dashboard:unwatch',
  dashboardChanged: 'dashboard:changed',
  /** A waiting-room place changed (QueueUpdateMessage), sent to the waiting user's own sockets. */
  queueUpdate: 'queue:update',
  /** Staff watching an event's dashboard: the waiting room's numbers (QueueStats). */
  queueStats: 'queue:stats',
} as const;

export const REALTIME_LIMITS = {
  /** Events one connection may watch at once. */
  watchesPerConnection: 20,
} as const;

export interface AvailabilityMessage {
  eventId: string;
  remaining: number;
  ticketTypes: { id: string; remaining: number }[];
  /** Reserved seating: only the seats whose status changed since the previous message. */
  seats: { id: string; status: SeatStatus }[];
  /** Reserved seating: the seat map's `version` after these changes (GET .../seats?since=). */
  seatsVersion?: number;
}

export interface ViewersMessage {
  eventId: string;
  count: number;
}

export const NOTIFICATION_TYPES = [
  'payment_confirmed',
  'payment_failed',
  'hold_expiring',
  'hold_expired',
  'reservation_changed',
  'reservation_cancelled',
  'refund_issued',
  'event_changed',
  'event_cancelled',
  'waitlist_offered',
  'ticket_transferred',
  'ticket_received',
  'ticket_cancelled',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const NotificationMessageSchema = Type.Object(
  {
    key: Type.String(),
    params: Type.Record(Type.String(), Type.Unsafe<string | number | null>({ type: ['string', 'number', 'null'] })),
  },
  { additionalProperties: false },
);
export type NotificationMessage = Static<typeof NotificationMessageSchema>;

export const NotificationSchema = Type.Object(
  {
    id: Type.String(),
    type: Type.String(),
    title: Type.String(),
    body: Type.String(),
    reservationId: OrNull(Type.String()),
    /**
     * What the notification says, as data: a catalogue key and its parameters (times as ISO
     * instants with the event's `timeZone`, amounts in cents with `currency`), for a client to
     * word in its reader's language. `title` and `body` are the server's wording, in the
     * recipient's language at the time it was made. Absent on older notifications.
     */
    message: Type.Optional(NotificationMessageSchema),
    createdAt: Type.String({ format: 'date-time' }),
    readAt: OrNull(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type Notification = Static<typeof NotificationSchema>;

export const NotificationListQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    unread: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NotificationListQuery = Static<typeof NotificationListQuerySchema>;

export const NotificationPageSchema = Type.Object(
  {
    items: Type.Array(NotificationSchema),
    nextCursor: OrNull(Type.String()),
    /** How many of the caller's notifications are unread (all of them, not only this page). */
    unreadCount: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type NotificationPage = Static<typeof NotificationPageSchema>;

const Count = Type.Integer({ minimum: 0 });

export const EventDashboardSchema = Type.Object(
  {
    eventId: Type.String(),
    title: Type.String(),
    status: Type.String(),
    currency: Type.String(),
    /** The venue's IANA zone: the sales curve is read at the event's clock. */
    timeZone: Type.String(),
    capacity: Count,
    sold: Count,
    held: Count,
    remaining: Count,
    revenueCents: Type.Integer(),
    checkedIn: Count,
    ticketTypes: Type.Array(
      Type.Object(
        { id: Type.String(), name: Type.String(), capacity: Count, sold: Count, held: Count, remaining: Count },
        { additionalProperties: false },
      ),
    ),
    /** Paid tickets per hour (UTC, start of the hour) and the running totals, oldest first. */
    salesOverTime: Type.Array(
      Type.Object(
        {
          at: Type.String({ format: 'date-time' }),
          tickets: Count,
          revenueCents: Type.Integer(),
          cumulativeTickets: Count,
          cumulativeRevenueCents: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type EventDashboard = Static<typeof EventDashboardSchema>;
