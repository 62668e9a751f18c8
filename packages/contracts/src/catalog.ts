import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';
import { OrganizerRefSchema } from './organizers.js';

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const SEATING_KINDS = ['general', 'reserved'] as const;
export type Seating = (typeof SEATING_KINDS)[number];
export const SEAT_STATUSES = ['free', 'held', 'sold'] as const;
export type SeatStatus = (typeof SEAT_STATUSES)[number];
export const EVENT_SORTS = ['startsAt', '-startsAt', 'price', '-price', 'relevance'] as const;
export type EventSort = (typeof EVENT_SORTS)[number];
export const EVENT_CATEGORIES = ['concert', 'theatre', 'comedy', 'festival', 'sport', 'conference', 'family', 'other'] as const;
export const CURRENCIES = ['EUR', 'RON', 'USD', 'GBP'] as const;

export const CATALOG_LIMITS = {
  titleMax: 200,
  descriptionMax: 10_000,
  seatsPerVenueMax: 20_000,
  ticketTypesMax: 20,
  maxTicketsPerOrderDefault: 10,
  maxTicketsPerOrderMax: 100,
  priceCentsMax: 100_000_000,
  capacityMax: 1_000_000,
  posterBytesMax: 5 * 1024 * 1024,
} as const;

const Id = Type.String({ minLength: 1, maxLength: 100 });
const DateTime = Type.String({ format: 'date-time' });
/** An IANA zone name; whether the runtime knows it is checked by the server. */
export const TimeZoneSchema = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_+\\-/]+$' });
const enumOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

export const SEAT_ACCESSIBILITY = ['wheelchair', 'companion'] as const;
export type SeatAccessibility = (typeof SEAT_ACCESSIBILITY)[number];
export const SECTION_KINDS = ['seated', 'standing'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];
/** Drawn layouts place seats on a 0–1000 plane (API.md, "Seating at scale"). */
export const LAYOUT_PLANE = 1000;
const Coordinate = Type.Number({ minimum: 0, maximum: LAYOUT_PLANE });
const CategoryName = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9_-]+$' });

export const SeatSchema = Type.Object(
  {
    number: Type.Integer({ minimum: 1, maximum: 10_000 }),
    category: CategoryName,
    x: Type.Optional(Coordinate),
    y: Type.Optional(Coordinate),
    accessible: Type.Optional(OrNull(enumOf(SEAT_ACCESSIBILITY))),
  },
  { additionalProperties: false },
);
export type LayoutSeat = Static<typeof SeatSchema>;
/**
 * A row; `rank` orders rows for best available (lower is better; absent: layout order). Other
 * fields (the editor's curve, spacing, numbering) are the editor's own and are kept as sent.
 */
export const LayoutRowSchema = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 10 }),
    seats: Type.Array(SeatSchema, { maxItems: 500 }),
    rank: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: true },
);
export type LayoutRow = Static<typeof LayoutRowSchema>;
/**
 * A section: seated (rows of seats) or standing (a `capacity` of `category`, sold by quantity
 * like general admission). Other fields (position, angle, shape) are the editor's own.
 */
export const LayoutSectionSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60 }),
    kind: Type.Optional(enumOf(SECTION_KINDS)),
    rows: Type.Optional(Type.Array(LayoutRowSchema, { maxItems: 500 })),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: CATALOG_LIMITS.capacityMax })),
    category: Type.Optional(CategoryName),
  },
  { additionalProperties: true },
);
export type LayoutSection = Static<typeof LayoutSectionSchema>;
export const LayoutSchema = Type.Object(
  {
    sections: Type.Array(LayoutSectionSchema, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: true },
);
export type Layout = Static<typeof LayoutSchema>;

export const VenueInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120 }),
    address: Type.String({ maxLength: 300 }),
    city: Type.String({ minLength: 1, maxLength: 120 }),
    capacity: Type.Integer({ minimum: 0, maximum: CATALOG_LIMITS.capacityMax }),
    layout: Type.Union([LayoutSchema, Type.Null()]),
    /** IANA zone of the venue (e.g. `Europe/Bucharest`); omitted: the server's DEFAULT_TIME_ZONE. */
    timeZone: Type.Optional(TimeZoneSchema),
    /** Who owns the venue; omitted: the caller's only organizer (the default one for a site admin). */
    organizerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type VenueInput = Static<typeof VenueInputSchema>;
/** A venue never changes organizer. */
export const VenuePatchSchema = Type.Partial(Type.Omit(VenueInputSchema, ['organizerId']), {
  additionalProperties: false,
  minProperties: 1,
});
export type VenuePatch = Static<typeof VenuePatchSchema>;

export const VenueSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    address: Type.String(),
    city: Type.String(),
    capacity: Type.Integer(),
    layout: Type.Union([LayoutSchema, Type.Null()]),
    seatCount: Type.Integer(),
    timeZone: Type.String(),
    organizerId: Type.String(),
    organizer: OrganizerRefSchema,
  },
  { additionalProperties: false },
);
export type Venue = Static<typeof VenueSchema>;

/** GET /api/venues: by name, a page at a time. */
export const VenueListQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type VenueListQuery = Static<typeof VenueListQuerySchema>;

export const TicketTypeInputSchema = Type.Object(
  {
    id: Type.Optional(Id),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    priceCents: Type.Integer({ minimum: 0, maximum: CATALOG_LIMITS.priceCentsMax }),
    capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: CATALOG_LIMITS.capacityMax })),
    seatCategory: Type.Optional(OrNull(Type.String({ minLength: 1, maxLength: 40 }))),
    /** Sold only with an access code naming it; invisible to the public otherwise. */
    hidden: Type.Optional(Type.Boolean()),
    /** Pay what you want: the least a buyer may pay per ticket (≤ priceCents, the suggested price); null = fixed. */
    minPriceCents: Type.Optional(OrNull(Type.Integer({ minimum: 0, maximum: CATALOG_LIMITS.priceCentsMax }))),
    /** Basis points of tax contained in the price (1900 = 19 %). */
    taxRate: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type TicketTypeInput = Static<typeof TicketTypeInputSchema>;

/**
 * Until when a buyer may cancel a paid reservation for a refund. Input: a time, `null` (never),
 * or `{ default: true }` (48 hours before the start, following the start when it moves).
 */
export const REFUND_POLICY_DEFAULT_HOURS = 48;
export const RefundPolicyInputSchema = Type.Union([
  Type.Object({ selfServiceUntil: OrNull(DateTime) }, { additionalProperties: false }),
  Type.Object({ default: Type.Literal(true) }, { additionalProperties: false }),
]);
export type RefundPolicyInput = Static<typeof RefundPolicyInputSchema>;
export const RefundPolicySchema = Type.Object(
  { selfServiceUntil: OrNull(Type.String()), default: Type.Boolean() },
  { additionalProperties: false },
);
export type RefundPolicy = Static<typeof RefundPolicySchema>;

/** The event's waiting list: on or off, and how long an offer holds (null: WAITLIST_OFFER_MINUTES). */
export const WAITLIST_OFFER_MINUTES_MAX = 10_080;
export const WaitlistSettingsSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    offerMinutes: OrNull(Type.Integer({ minimum: 1, maximum: WAITLIST_OFFER_MINUTES_MAX })),
  },
  { additionalProperties: false },
);
export type WaitlistSettings = Static<typeof WaitlistSettingsSchema>;

/**
 * The event's waiting room (API.md, "On-sales with a waiting room"). `admitPerMinute` null:
 * admit automatically as tickets free up. `passMinutes`: how long an admitted buyer's pass lasts.
 */
export const QUEUE_LIMITS = { admitPerMinuteMax: 100_000, passMinutesMin: 1, passMinutesMax: 240 } as const;
export const EventQueueSettingsSchema = Type.Object(
  {
    enabled: Type.Boolean(),
    opensAt: OrNull(DateTime),
    admitPerMinute: OrNull(Type.Integer({ minimum: 1, maximum: QUEUE_LIMITS.admitPerMinuteMax })),
    passMinutes: Type.Integer({ minimum: QUEUE_LIMITS.passMinutesMin, maximum: QUEUE_LIMITS.passMinutesMax }),
  },
  { additionalProperties: false },
);
export type EventQueueSettings = Static<typeof EventQueueSettingsSchema>;

export const EventInputSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: CATALOG_LIMITS.titleMax }),
    description: Type.String({ maxLength: CATALOG_LIMITS.descriptionMax }),
    category: enumOf(EVENT_CATEGORIES),
    venueId: Id,
    startsAt: DateTime,
    endsAt: DateTime,
    salesStartAt: Type.Optional(OrNull(DateTime)),
    salesEndAt: Type.Optional(OrNull(DateTime)),
    /** When the doors open: at or before `startsAt`; null or absent when not said. */
    doorsAt: Type.Optional(OrNull(DateTime)),
    seating: enumOf(SEATING_KINDS),
    currency: enumOf(CURRENCIES),
    maxTicketsPerOrder: Type.Optional(Type.Integer({ minimum: 1, maximum: CATALOG_LIMITS.maxTicketsPerOrderMax })),
    refundPolicy: Type.Optional(RefundPolicyInputSchema),
    /** Default: on, offers valid WAITLIST_OFFER_MINUTES. */
    waitlist: Type.Optional(WaitlistSettingsSchema),
    /** Default: no waiting room. */
    queue: Type.Optional(EventQueueSettingsSchema),
    ticketTypes: Type.Array(TicketTypeInputSchema, { minItems: 1, maxItems: CATALOG_LIMITS.ticketTypesMax }),
    /** Optional: the event's organizer is its venue's; when given, it must be that one. */
    organizerId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export type EventInput = Static<typeof EventInputSchema>;
/** An event never changes organizer (a new venue must be of the same organizer). */
export const EventPatchSchema = Type.Partial(Type.Omit(EventInputSchema, ['organizerId']), {
  additionalProperties: false,
  minProperties: 1,
});
export type EventPatch = Static<typeof EventPatchSchema>;

export const TicketTypeSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    priceCents: Type.Integer(),
    capacity: Type.Integer(),
    remaining: Type.Integer(),
    seatCategory: OrNull(Type.String()),
    hidden: Type.Boolean(),
    minPriceCents: OrNull(Type.Integer()),
    taxRate: Type.Integer(),
    /** Only when the event was asked for with `?code=`: the price per ticket with that code. */
    discountedPriceCents: Type.Optional(Type.Integer()),
  },
  { additionalProperties: false },
);
export type TicketType = Static<typeof TicketTypeSchema>;

export const EventSchema = Type.Object(
  {
    id: Type.String(),
    title: Type.String(),
    description: Type.String(),
    category: Type.String(),
    venue: Type.Object(
      { id: Type.String(), name: Type.String(), city: Type.String(), address: Type.String() },
      { additionalProperties: false },
    ),
    startsAt: Type.String(),
    endsAt: Type.String(),
    salesStartAt: OrNull(Type.String()),
    salesEndAt: OrNull(Type.String()),
    /** When the doors open, or null (additive, 2026-12). */
    doorsAt: Type.Optional(OrNull(Type.String())),
    status: enumOf(EVENT_STATUSES),
    seating: enumOf(SEATING_KINDS),
    currency: Type.String(),
    posterUrl: OrNull(Type.String()),
    maxTicketsPerOrder: Type.Integer(),
    priceFromCents: OrNull(Type.Integer()),
    capacity: Type.Integer(),
    remaining: Type.Integer(),
    ticketTypes: Type.Array(TicketTypeSchema),
    refundPolicy: RefundPolicySchema,
    /** The waiting list's settings (additive, 2026-12). */
    waitlist: Type.Optional(WaitlistSettingsSchema),
    /** The waiting room's settings (additive, 2026-12). */
    queue: Type.Optional(EventQueueSettingsSchema),
    /** The venue's IANA time zone: every person-facing time of the event is shown in it. */
    timeZone: Type.String(),
    organizerId: Type.String(),
    organizer: OrganizerRefSchema,
  },
  { additionalProperties: false },
);
export type CatalogEvent = Static<typeof EventSchema>;

/** POST /api/events/:id/cancel: the event, and what became of its live reservations. */
export const EventCancellationSchema = Type.Object(
  {
    ...EventSchema.properties,
    cancellation: Type.Object(
      { cancelled: Type.Integer(), refunded: Type.Integer(), refundsPending: Type.Integer() },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type EventCancellation = Static<typeof EventCancellationSchema>;

export const EventListQuerySchema = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(DateTime),
    to: Type.Optional(DateTime),
    minPrice: Type.Optional(Type.Integer({ minimum: 0 })),
    maxPrice: Type.Optional(Type.Integer({ minimum: 0 })),
    /** Only events selling in this currency (a price range means one currency's amounts). */
    currency: Type.Optional(enumOf(CURRENCIES)),
    available: Type.Optional(Type.Boolean()),
    category: Type.Optional(enumOf(EVENT_CATEGORIES)),
    venueId: Type.Optional(Id),
    /** Only this organizer's events. */
    organizerId: Type.Optional(Id),
    /** Only the events of the caller's own organizers, as the admin pages list them (a site admin: all). */
    mine: Type.Optional(Type.Boolean()),
    status: Type.Optional(enumOf(EVENT_STATUSES)),
    sort: Type.Optional(enumOf(EVENT_SORTS)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type EventListQuery = Static<typeof EventListQuerySchema>;

export const EventSeatSchema = Type.Object(
  {
    id: Type.String(),
    section: Type.String(),
    row: Type.String(),
    number: Type.Integer(),
    category: Type.String(),
    status: enumOf(SEAT_STATUSES),
    /** Position on the 0–1000 plane of a drawn layout; absent for grid layouts (additive, 2026-12). */
    x: Type.Optional(Type.Number()),
    y: Type.Optional(Type.Number()),
    accessible: Type.Optional(OrNull(enumOf(SEAT_ACCESSIBILITY))),
  },
  { additionalProperties: false },
);
export type EventSeat = Static<typeof EventSeatSchema>;

/** GET /api/events/:id/seats: `version` grows with every seat change; `?since=` answers only changed seats. */
export const EventSeatsQuerySchema = Type.Object(
  { since: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export const EventSeatsSchema = Type.Object(
  { seats: Type.Array(EventSeatSchema), version: Type.Optional(Type.Integer({ minimum: 0 })) },
  { additionalProperties: false },
);
export type EventSeats = Static<typeof EventSeatsSchema>;
