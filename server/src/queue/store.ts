/**
 * Where a waiting room's state lives. Two implementations keep the same promises:
 * DatabaseQueueStore (db-store.ts, the default) and a Redis one (redis-store.ts: sorted sets, Lua
 * for the atomic steps) when Redis is configured. Every method is safe with several instances
 * calling it at once; the promises each must keep are written on the method.
 */
import type { QueueStatus } from '@iatichet/contracts';

export type QueuePhase = 'gathering' | 'admitting' | 'sold_out';

export interface QueueEntry {
  userId: string;
  /** Arrival order within the event, from 1. */
  seq: number;
  /** Absolute place in line; null for early joiners until the draw (and for sold_out arrivals). */
  position: number | null;
  status: QueueStatus;
  admittedAt: Date | null;
}

export interface QueueState {
  phase: QueuePhase;
  /** Hex of the draw's 32-byte seed, null before the draw. */
  seed: string | null;
  drawnAt: Date | null;
  /** How many places the draw gave (positions 1..drawnCount are the random part). */
  drawnCount: number;
  /** The last position handed out. */
  placedThrough: number;
  /** Every position up to this one has been admitted (or told sold out). */
  admittedThrough: number;
  waiting: number;
  admitted: number;
}

/** A join's solved challenge, spent by the join (once, on every instance). */
export interface JoinChallenge {
  id: string;
  expiresAt: Date;
}

/** The join's challenge was spent before: the join did nothing. */
export class ChallengeSpent extends Error {
  constructor() {
    super('This challenge was already used.');
  }
}

/** A join's answer: the place, whether this call made it, and the room's state when read with it. */
export interface JoinAnswer {
  entry: QueueEntry;
  created: boolean;
  state?: QueueState | undefined;
}

export interface QueueStore {
  /**
   * One place per account: joining again answers the existing place with created false, also when
   * the same account joins many times at once. Before the draw the place has no position; after
   * it the next position at the end; after the sell-out the entry is sold_out at once. With a
   * `challenge`, the join first spends it (as spendChallenge), and throws ChallengeSpent without
   * joining when it was spent before.
   */
  join(eventId: string, userId: string, now: Date, challenge?: JoinChallenge): Promise<JoinAnswer>;
  placeOf(eventId: string, userId: string): Promise<QueueEntry | undefined>;
  /** The places of many accounts at once (the live push reads its local sockets' places with it). */
  placesOf(eventId: string, userIds: readonly string[]): Promise<QueueEntry[]>;
  /**
   * Exactly once per event, whoever calls: orders everyone placed so far (no position yet) by
   * drawOrder(seed) over their arrival order and gives them positions 1..n. Answers true to the
   * one call that drew, false to every other.
   */
  draw(eventId: string, seed: Buffer, now: Date): Promise<boolean>;
  /**
   * Admits the next up-to-`count` positions, strictly in position order, atomically: two calls at
   * once never admit one entry twice nor skip one. Answers the entries this call admitted. With
   * `after` (the admittedThrough the caller's count was worked out from), admits nothing when
   * admission has moved past it meanwhile: a count read before another admitter's is stale (an
   * admission loop that stalled past its lease wakes to find the next holder admitted already).
   */
  admitNext(eventId: string, count: number, now: Date, after?: number): Promise<QueueEntry[]>;
  /** Everyone still waiting becomes sold_out at once (and later joins are sold_out). Answers how many. */
  markSoldOut(eventId: string, now: Date): Promise<number>;
  /** The room's state; undefined when nobody has joined yet. */
  state(eventId: string): Promise<QueueState | undefined>;
  /** How many were admitted at or after `since` (the rate the estimates use). */
  admittedCountSince(eventId: string, since: Date): Promise<number>;
  /** Accounts admitted at or after `since` (whose passes may still be valid). */
  admittedSince(eventId: string, since: Date): Promise<string[]>;
  /** True only the first time a challenge id is spent, on every instance; kept until expiresAt. */
  spendChallenge(challengeId: string, expiresAt: Date): Promise<boolean>;
  /**
   * Takes or renews a named lease for `holder` until now + ttlMs; true when `holder` has it.
   * Another holder gets it only after the current one stopped renewing for ttlMs.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** Housekeeping the admission loop runs now and then (spent challenges past their expiry). */
  sweep(now: Date): Promise<void>;
}
