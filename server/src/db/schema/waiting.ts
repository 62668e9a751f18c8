/** Waiting for tickets: the waiting list of a sold-out ticket type (0023) and an event's waiting room (0025). */
import type { ColumnType } from 'kysely';

export type WaitlistStatus = 'waiting' | 'offered' | 'fulfilled' | 'expired' | 'cancelled';

/** One person waiting for one ticket type (0023); `reservation_id` is the offer made for it. */
export interface WaitlistEntriesTable {
  id: string;
  event_id: string;
  ticket_type_id: string;
  user_id: string;
  /** Join order within the type, numbered under its counter lock. */
  seq: number;
  quantity: number;
  status: WaitlistStatus;
  reservation_id: string | null;
  offered_at: string | null;
  created_at: string;
  updated_at: string;
}

export type QueuePhase = 'gathering' | 'admitting' | 'sold_out';

/** One event's waiting room (0025): its lock, its draw and how far admission has gone. */
export interface QueueStatesTable {
  event_id: string;
  phase: ColumnType<QueuePhase, QueuePhase | undefined, QueuePhase>;
  next_seq: ColumnType<number, number | undefined, number>;
  /** Hex of the 32-byte seed the draw used (audit: it reproduces the order). */
  seed: ColumnType<string | null, string | null | undefined, string | null>;
  drawn_at: ColumnType<string | null, string | null | undefined, string | null>;
  drawn_count: ColumnType<number, number | undefined, number>;
  placed_through: ColumnType<number, number | undefined, number>;
  admitted_through: ColumnType<number, number | undefined, number>;
  updated_at: string;
}

/** One account's place in one event's waiting room (0025). */
export interface QueueEntriesTable {
  id: string;
  event_id: string;
  user_id: string;
  seq: number;
  position: ColumnType<number | null, number | null | undefined, number | null>;
  status: 'waiting' | 'admitted' | 'sold_out';
  admitted_at: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
}

/** A spent proof-of-work challenge (0025), kept until it would have expired anyway. */
export interface QueueChallengesTable {
  id: string;
  expires_at: string;
}

/** Who runs a singleton loop (0025); expires_at in epoch ms (PostgreSQL reads bigint as a string). */
export interface QueueLeasesTable {
  name: string;
  holder: string;
  expires_at: ColumnType<string | number, number, number>;
}
