/**
 * Organizers and their teams (API.md "Organizers, teams, API tokens, webhooks"): who sells, their
 * legal details (what invoices print), the sites that may frame their events, and their members.
 */
import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';

export const ORGANIZER_ROLES = ['owner', 'manager', 'checkin'] as const;
export type OrganizerMemberRole = (typeof ORGANIZER_ROLES)[number];
const enumOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

export const ORGANIZER_LIMITS = { nameMax: 120, slugMax: 60, embedOriginsMax: 20 } as const;

/** A lowercase URL word: letters, digits and single hyphens. */
export const SlugSchema = Type.String({ minLength: 1, maxLength: ORGANIZER_LIMITS.slugMax, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
/** An origin as a browser sends it: "https://host" or "https://host:port", nothing after. */
export const EmbedOriginSchema = Type.String({ minLength: 9, maxLength: 300 });

/** The reference to an organizer carried by venues and events. */
export const OrganizerRefSchema = Type.Object(
  { id: Type.String(), name: Type.String(), slug: Type.String() },
  { additionalProperties: false },
);
export type OrganizerRef = Static<typeof OrganizerRefSchema>;

export const OrganizerSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    slug: Type.String(),
    legalName: Type.String(),
    address: Type.String(),
    vatId: Type.String(),
    invoicePrefix: Type.String(),
    embedOrigins: Type.Array(Type.String()),
    /** The caller's role in the team; null for a site admin who is not a member. */
    myRole: Type.Optional(OrNull(enumOf(ORGANIZER_ROLES))),
  },
  { additionalProperties: false },
);
export type Organizer = Static<typeof OrganizerSchema>;

/** GET /api/organizers: by name, a page at a time. */
export const OrganizerListQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type OrganizerListQuery = Static<typeof OrganizerListQuerySchema>;

export const OrganizerInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: ORGANIZER_LIMITS.nameMax }),
    slug: Type.Optional(SlugSchema),
    legalName: Type.Optional(Type.String({ maxLength: 200 })),
    address: Type.Optional(Type.String({ maxLength: 400 })),
    vatId: Type.Optional(Type.String({ maxLength: 40 })),
    invoicePrefix: Type.Optional(Type.String({ maxLength: 20, pattern: '^[A-Za-z0-9-]*$' })),
    embedOrigins: Type.Optional(Type.Array(EmbedOriginSchema, { maxItems: ORGANIZER_LIMITS.embedOriginsMax })),
  },
  { additionalProperties: false },
);
export type OrganizerInput = Static<typeof OrganizerInputSchema>;
export const OrganizerPatchSchema = Type.Partial(OrganizerInputSchema, { additionalProperties: false, minProperties: 1 });
export type OrganizerPatch = Static<typeof OrganizerPatchSchema>;

export const MemberSchema = Type.Object(
  {
    user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }, { additionalProperties: false }),
    role: enumOf(ORGANIZER_ROLES),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type Member = Static<typeof MemberSchema>;

/** GET /api/organizers/:id/members: in joining order, a page at a time. */
export const MemberListQuerySchema = OrganizerListQuerySchema;
export type MemberListQuery = Static<typeof MemberListQuerySchema>;

export const MemberInputSchema = Type.Object(
  { email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }), role: enumOf(ORGANIZER_ROLES) },
  { additionalProperties: false },
);
export type MemberInput = Static<typeof MemberInputSchema>;
export const MemberPatchSchema = Type.Object({ role: enumOf(ORGANIZER_ROLES) }, { additionalProperties: false });
export type MemberPatch = Static<typeof MemberPatchSchema>;

/** What an organizer's webhook may listen for (API.md "webhooks"): the names sent as `type`. */
export const WEBHOOK_EVENT_TYPES = [
  'reservation.created',
  'reservation.paid',
  'reservation.cancelled',
  'reservation.refunded',
  'reservation.expired',
  'ticket.checked_in',
  'event.published',
  'event.changed',
  'event.cancelled',
  'waitlist.offered',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
