/**
 * What the waiting-room page shows, decided in one place from the event, the person and their
 * place: each stage is one screen, so no combination of answers can show two at once.
 */
import type { CatalogEvent, QueuePlace, User } from '@iatichet/contracts';

export type WaitingRoomStage =
  | 'signIn'
  | 'verify'
  /** The event sells without a waiting room: straight to the tickets. */
  | 'noQueue'
  | 'beforeOpen'
  /** Open, not joined yet: joining (solving the puzzle) starts by itself. */
  | 'join'
  /** Joined before the draw: the order is not known yet. */
  | 'awaitingDraw'
  | 'waiting'
  | 'admitted'
  | 'soldOut';

export interface StageInput {
  event: CatalogEvent;
  user: User | null;
  /** null: not joined; undefined: not asked yet (signed out, or still loading). */
  place: QueuePlace | null | undefined;
  now: number;
}

export function waitingRoomStage({ event, user, place, now }: StageInput): WaitingRoomStage {
  if (event.queue?.enabled !== true) return 'noQueue';
  if (user === null) return 'signIn';
  if (!user.emailVerified) return 'verify';
  // No opensAt: the room is open as soon as the queue is on.
  const opensAt = event.queue.opensAt;
  if (place === null || place === undefined) return opensAt !== null && Date.parse(opensAt) > now ? 'beforeOpen' : 'join';
  if (place.status === 'admitted') return 'admitted';
  if (place.status === 'sold_out') return 'soldOut';
  return place.position === null ? 'awaitingDraw' : 'waiting';
}

/**
 * How far the person has come, 0..1: the share of the people ahead at the largest count this page
 * has seen who are no longer ahead. Starting from the page's own first sight keeps it honest after
 * a reload (it does not claim progress nobody saw) and it never moves backwards.
 */
export function queueProgress(ahead: number, mostAheadSeen: number): number {
  if (mostAheadSeen <= 0) return ahead <= 0 ? 1 : 0;
  return Math.min(1, Math.max(0, (mostAheadSeen - ahead) / mostAheadSeen));
}

export type EstimateWords =
  | { kind: 'unknown' }
  | { kind: 'lessThanMinute' }
  | { kind: 'minutes'; count: number }
  | { kind: 'hours'; hours: number; minutes: number };

/**
 * The server's estimate in words a person trusts: rounded up to the minute (never promise sooner
 * than the server thinks), "not known yet" when the server has no rate to go by.
 */
export function estimateWords(seconds: number | null): EstimateWords {
  if (seconds === null) return { kind: 'unknown' };
  if (seconds < 60) return { kind: 'lessThanMinute' };
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return { kind: 'minutes', count: minutes };
  return { kind: 'hours', hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}
