/**
 * Discount and access codes of an event (issue 18, API.md "Discounts, access codes, hidden
 * tickets"). A code is matched without regard to case; one hold that uses it is one use.
 */
import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';

export const CODE_KINDS = ['discount', 'access'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

export const CODE_LIMITS = {
  codeMax: 40,
  /** Most codes one bulk generation makes. */
  generateMax: 1000,
  prefixMax: 20,
  maxUsesMax: 1_000_000,
} as const;

const Id = Type.String({ minLength: 1, maxLength: 100 });
const DateTime = Type.String({ format: 'date-time' });
const kind = Type.Unsafe<CodeKind>({ type: 'string', enum: [...CODE_KINDS] });
/** Letters, digits, '-' and '_': a code travels in a URL (`?code=`) and is typed by people. */
export const CODE_PATTERN = '^[A-Za-z0-9_-]+$';

const terms = {
  kind,
  /** Per ticket: a percentage of its price (rounded half up to the cent) or a fixed amount (capped at the price). */
  percentOff: Type.Optional(OrNull(Type.Integer({ minimum: 1, maximum: 100 }))),
  amountOffCents: Type.Optional(OrNull(Type.Integer({ minimum: 1, maximum: 100_000_000 }))),
  /** Empty: every ticket type of the event (for an access code, every hidden one). */
  ticketTypeIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
  /** null: unlimited. */
  maxUses: Type.Optional(OrNull(Type.Integer({ minimum: 1, maximum: CODE_LIMITS.maxUsesMax }))),
  validFrom: Type.Optional(OrNull(DateTime)),
  validUntil: Type.Optional(OrNull(DateTime)),
};

export const CodeInputSchema = Type.Object(
  {
    code: Type.String({ minLength: 3, maxLength: CODE_LIMITS.codeMax, pattern: CODE_PATTERN }),
    ...terms,
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CodeInput = Static<typeof CodeInputSchema>;

export const CodePatchSchema = Type.Partial(CodeInputSchema, { additionalProperties: false, minProperties: 1 });
export type CodePatch = Static<typeof CodePatchSchema>;

export const CodeGenerateSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 1, maximum: CODE_LIMITS.generateMax }),
    prefix: Type.Optional(Type.String({ maxLength: CODE_LIMITS.prefixMax, pattern: '^[A-Za-z0-9_-]*$' })),
    ...terms,
  },
  { additionalProperties: false },
);
export type CodeGenerate = Static<typeof CodeGenerateSchema>;

export const CodeSchema = Type.Object(
  {
    id: Type.String(),
    code: Type.String(),
    kind,
    percentOff: OrNull(Type.Integer()),
    amountOffCents: OrNull(Type.Integer()),
    ticketTypeIds: Type.Array(Type.String()),
    maxUses: OrNull(Type.Integer()),
    /** Live (held) and paid reservations that used it. */
    uses: Type.Integer(),
    validFrom: OrNull(Type.String()),
    validUntil: OrNull(Type.String()),
    active: Type.Boolean(),
    createdAt: Type.String(),
  },
  { additionalProperties: false },
);
export type DiscountCode = Static<typeof CodeSchema>;

/** `?code=` on an event: unlocks hidden types and prices each type with the code. */
export const EventCodeQuerySchema = Type.Object(
  {
    code: Type.Optional(Type.String({ minLength: 1, maxLength: CODE_LIMITS.codeMax })),
    /** The event as its managers edit it: hidden types included, never cached (manager rights). */
    manage: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type EventCodeQuery = Static<typeof EventCodeQuerySchema>;

/**
 * GET /api/events/:id/codes: newest first, a page at a time; `q` keeps the codes that contain it,
 * in any case (the CSV export has them all).
 */
export const CodeListQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    q: Type.Optional(Type.String({ maxLength: CODE_LIMITS.codeMax })),
  },
  { additionalProperties: false },
);
export type CodeListQuery = Static<typeof CodeListQuerySchema>;
