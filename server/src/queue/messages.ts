/**
 * What the `queue` pub/sub channel carries between instances: one message per room change
 * (admission.ts publishes), and one per batch of new places (room.ts), never one per waiting person.
 */
import type { QueuePhase } from './store.js';

export const QUEUE_CHANNEL = 'queue';

/** What every instance hears when a room moves: enough to work out each waiting socket's place. */
export interface QueueTick {
  kind: 'tick';
  eventId: string;
  phase: QueuePhase;
  admittedThrough: number;
  /** Set when positions were handed out by a draw just now: sockets re-read their places. */
  drawn: boolean;
  /** Admissions in the last minute (or the set rate): the estimate's rate. */
  ratePerMinute: number;
}

/**
 * People joined a room: the instances holding their sockets start following their places. The
 * joins an instance answers in one turn of its event loop go out in one message.
 */
export interface QueueJoined {
  kind: 'joined';
  eventId: string;
  userIds: string[];
}

export type QueueMessage = QueueTick | QueueJoined;
