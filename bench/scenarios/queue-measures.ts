/**
 * What the on-sale-queue scenario reads back after the sale: how late each pushed place arrived,
 * and whether admission kept its promises (strict position order, nobody twice, only admitted
 * accounts holding).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';
import type { Check } from '../report/result.js';
import type { ReceivedUpdate } from './queue-sockets-worker.js';

export interface DelayStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * A pushed `ahead` for position p means every position up to p - 1 - ahead was admitted (admission
 * is strictly in order): the update became due when that position was admitted (admitted_at), or
 * at the draw when nobody ahead had been admitted yet. `admitted` is due at the place's own
 * admission. The delay is the arrival time minus that moment (both from this machine's clock).
 * Updates sent before the draw (no position yet) and sold-out notices have no such moment and
 * are not counted here.
 */
export function updateDelays(
  updates: ReceivedUpdate[][],
  admittedAtByPosition: Map<number, number>,
  drawnAt: number,
): DelayStats & { unmatched: number } {
  const delays: number[] = [];
  let unmatched = 0;
  for (const received of updates) {
    for (const [at, status, position, ahead] of received) {
      if (position < 1 || status === 'sold_out') continue;
      const through = status === 'admitted' ? position : position - 1 - ahead;
      const due = through === 0 ? drawnAt : admittedAtByPosition.get(through);
      if (due === undefined) {
        unmatched++;
        continue;
      }
      delays.push(Math.max(0, at - due));
    }
  }
  const sorted = Float64Array.from(delays).sort();
  const q = (f: number) => sorted[Math.max(0, Math.ceil(f * sorted.length) - 1)] ?? 0;
  return { count: sorted.length, p50: q(0.5), p99: q(0.99), max: sorted[sorted.length - 1] ?? 0, unmatched };
}

export interface QueueRecord {
  drawnAt: number | undefined;
  admittedAtByPosition: Map<number, number>;
  entries: number;
  admitted: number;
  waiting: number;
  soldOut: number;
}

export async function readQueue(db: Kysely<Database>, eventId: string): Promise<QueueRecord> {
  const state = await db.selectFrom('queue_states').select(['drawn_at']).where('event_id', '=', eventId).executeTakeFirst();
  const admitted = await db
    .selectFrom('queue_entries')
    .select(['position', 'admitted_at'])
    .where('event_id', '=', eventId)
    .where('status', '=', 'admitted')
    .execute();
  const counts = await db
    .selectFrom('queue_entries')
    .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('event_id', '=', eventId)
    .groupBy('status')
    .execute();
  const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
  const admittedAtByPosition = new Map<number, number>();
  for (const a of admitted)
    if (a.position !== null && a.admitted_at !== null) admittedAtByPosition.set(a.position, Date.parse(a.admitted_at));
  return {
    drawnAt: state?.drawn_at == null ? undefined : Date.parse(state.drawn_at),
    admittedAtByPosition,
    entries: n('waiting') + n('admitted') + n('sold_out'),
    admitted: n('admitted'),
    waiting: n('waiting'),
    soldOut: n('sold_out'),
  };
}

/** Admission's promises, from the tables alone. */
export async function admissionChecks(db: Kysely<Database>, eventId: string, accounts: number): Promise<Check[]> {
  const entries = await db
    .selectFrom('queue_entries')
    .select(['user_id', 'position', 'status'])
    .where('event_id', '=', eventId)
    .execute();
  const positions = entries.flatMap((e) => (e.position === null ? [] : [e.position]));
  const admittedPositions = entries
    .filter((e) => e.status === 'admitted')
    .flatMap((e) => (e.position === null ? [] : [e.position]));
  const maxAdmitted = Math.max(0, ...admittedPositions);
  const notAdmittedBefore = entries.filter(
    (e) => e.status !== 'admitted' && e.position !== null && e.position < maxAdmitted,
  ).length;
  const users = new Set(entries.map((e) => e.user_id));
  const holders = await db
    .selectFrom('reservations')
    .leftJoin('queue_entries', (j) =>
      j.onRef('queue_entries.user_id', '=', 'reservations.user_id').on('queue_entries.event_id', '=', eventId),
    )
    .select(['reservations.user_id', 'queue_entries.status', (eb) => eb.fn.countAll<string | number>().as('n')])
    .where('reservations.event_id', '=', eventId)
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .groupBy(['reservations.user_id', 'queue_entries.status'])
    .execute();
  const holdersNotAdmitted = holders.filter((h) => h.status !== 'admitted').length;
  const holdingTwice = holders.filter((h) => Number(h.n) > 1).length;
  return [
    {
      name: 'one place per account',
      ok: entries.length === accounts && users.size === accounts,
      detail: `${entries.length} places for ${users.size} accounts (${accounts} joined)`,
    },
    {
      name: 'positions unique, 1..n',
      ok: new Set(positions).size === positions.length && Math.max(0, ...positions) === positions.length,
      detail: `${positions.length} positions, highest ${Math.max(0, ...positions)}`,
    },
    {
      name: 'admitted in position order',
      ok: notAdmittedBefore === 0 && admittedPositions.length === maxAdmitted,
      detail: `${admittedPositions.length} admitted through position ${maxAdmitted}; ${notAdmittedBefore} skipped before it`,
    },
    {
      name: '0 admitted twice (one live reservation per admitted buyer)',
      ok: holdingTwice === 0,
      detail: `${holdingTwice} accounts with more than one live reservation`,
    },
    {
      name: 'only admitted accounts hold',
      ok: holdersNotAdmitted === 0,
      detail: `${holdersNotAdmitted} holders without an admitted place`,
    },
  ];
}
