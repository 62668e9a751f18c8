import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';

/** On-sales with a waiting room (API.md, 2026-12). */
export const QUEUE_STATUSES = ['waiting', 'admitted', 'sold_out'] as const;
export type QueueStatus = (typeof QUEUE_STATUSES)[number];
const enumOf = <T extends string>(values: readonly T[]) => Type.Unsafe<T>({ type: 'string', enum: [...values] });

/** GET /api/queue/challenge: find a decimal `n` whose SHA-256 of `<challenge>:<n>` starts with `difficulty` zero bits. */
export const QueueChallengeSchema = Type.Object(
  { challenge: Type.String(), difficulty: Type.Integer({ minimum: 0 }), expiresAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
export type QueueChallenge = Static<typeof QueueChallengeSchema>;

export const QueueJoinRequestSchema = Type.Object(
  {
    challenge: Type.String({ minLength: 1, maxLength: 500 }),
    solution: Type.String({ minLength: 1, maxLength: 20, pattern: '^[0-9]+$' }),
  },
  { additionalProperties: false },
);
export type QueueJoinRequest = Static<typeof QueueJoinRequestSchema>;

/** The caller's place: `position` is null for early joiners until the draw; `pass` only once admitted. */
export const QueuePlaceSchema = Type.Object(
  {
    status: enumOf(QUEUE_STATUSES),
    position: OrNull(Type.Integer({ minimum: 1 })),
    ahead: Type.Integer({ minimum: 0 }),
    estimatedWaitSeconds: OrNull(Type.Integer({ minimum: 0 })),
    pass: Type.Optional(Type.String()),
    /** When the pass stops being accepted. */
    passExpiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type QueuePlace = Static<typeof QueuePlaceSchema>;

/** Socket.IO `queue:update`, pushed to each waiting user. */
export interface QueueUpdateMessage {
  eventId: string;
  status: QueueStatus;
  position: number | null;
  ahead: number;
  estimatedWaitSeconds: number | null;
}

/** Header that carries an admitted buyer's pass on POST /api/reservations. */
export const QUEUE_PASS_HEADER = 'x-queue-pass';

/**
 * GET /api/events/:id/queue/stats (the event's staff; additive to API.md): the dashboard's live
 * view of the waiting room. Also pushed as `queue:stats` to staff watching the dashboard.
 */
export const QueueStatsSchema = Type.Object(
  {
    eventId: Type.String(),
    enabled: Type.Boolean(),
    /** Before opensAt: closed; opensAt..salesStartAt: gathering; after the draw: admitting; then sold_out. */
    phase: Type.Unsafe<'closed' | 'gathering' | 'admitting' | 'sold_out'>({
      type: 'string',
      enum: ['closed', 'gathering', 'admitting', 'sold_out'],
    }),
    waiting: Type.Integer({ minimum: 0 }),
    admitted: Type.Integer({ minimum: 0 }),
    /** Tickets held (pending reservations) and sold for the event right now. */
    held: Type.Integer({ minimum: 0 }),
    sold: Type.Integer({ minimum: 0 }),
    /** Admissions over the last minute. */
    admittedLastMinute: Type.Integer({ minimum: 0 }),
    /** The draw: when it happened and the seed that reproduces the order (audit), null before. */
    drawnAt: OrNull(Type.String({ format: 'date-time' })),
    seed: OrNull(Type.String()),
  },
  { additionalProperties: false },
);
export type QueueStats = Static<typeof QueueStatsSchema>;
