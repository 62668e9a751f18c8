/**
 * Discount and access codes in the hold (issue 18): finding a code case-insensitively, what it
 * unlocks and takes off each ticket, and its uses. A use is one reservation: counted by a guarded
 * update in the hold's transaction (`uses + n <= max_uses`, backed by a CHECK), and given back in
 * the transaction that releases the reservation's tickets (inventory.releaseTickets), so expiry,
 * cancellation and refunds all return it through one function.
 *
 * Lock order (inventory.ts): the code row is locked after the per-buyer locks and before seats
 * and ticket-type counters; several codes in one group are locked in id order.
 */
import type { DiscountCode } from '@iatichet/contracts';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database, DiscountCodesTable } from '../db/schema.js';
import { AppError } from '../platform/errors.js';

export type CodeRow = Selectable<DiscountCodesTable>;

export const codeInvalid = () => AppError.worded('code_invalid', { key: 'codes.invalid' });

export const ticketTypeIdsOf = (row: Pick<CodeRow, 'ticket_type_ids_json'>): string[] =>
  JSON.parse(row.ticket_type_ids_json) as string[];

export function toCode(row: CodeRow): DiscountCode {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    percentOff: row.percent_off,
    amountOffCents: row.amount_off_cents,
    ticketTypeIds: ticketTypeIdsOf(row),
    maxUses: row.max_uses,
    uses: row.uses,
    validFrom: row.valid_from,
    validUntil: row.valid_until,
    active: row.active === 1,
    createdAt: row.created_at,
  };
}

/** The code of an event spelled in any case (the unique index on lower(code) makes it one row). */
export async function findCode(db: Kysely<Database>, eventId: string, text: string): Promise<CodeRow | undefined> {
  return db
    .selectFrom('discount_codes')
    .selectAll()
    .where('event_id', '=', eventId)
    .where(sql`lower(code)`, '=', text.trim().toLowerCase())
    .executeTakeFirst();
}

/** Active and inside its window now; `uses` is judged by the claim, not here. */
export function isOpen(row: Pick<CodeRow, 'active' | 'valid_from' | 'valid_until'>, now = nowIso()): boolean {
  return (
    row.active === 1 &&
    (row.valid_from === null || Date.parse(row.valid_from) <= Date.parse(now)) &&
    (row.valid_until === null || Date.parse(now) < Date.parse(row.valid_until))
  );
}

/** Whether the code is usable right now for a reading buyer (the event page's `?code=`). */
export const isUsable = (row: CodeRow) => isOpen(row) && (row.max_uses === null || row.uses < row.max_uses);

/** The code names this type (an empty list names every type of its event). */
export function names(row: CodeRow, ticketTypeId: string): boolean {
  const ids = ticketTypeIdsOf(row);
  return ids.length === 0 || ids.includes(ticketTypeId);
}

/** A hidden type is sold only with an access code naming it. */
export const unlocks = (row: CodeRow | undefined, ticketTypeId: string) =>
  row !== undefined && row.kind === 'access' && names(row, ticketTypeId);

/**
 * What the code takes off one ticket of this type: a percentage rounded half up to the cent, or
 * a fixed amount capped at the price; 0 for a type it does not name.
 */
export function discountPerTicket(row: CodeRow | undefined, ticketTypeId: string, unitPriceCents: number): number {
  if (row === undefined || !names(row, ticketTypeId)) return 0;
  if (row.percent_off !== null) return Math.floor((unitPriceCents * row.percent_off * 2 + 100) / 200);
  if (row.amount_off_cents !== null) return Math.min(row.amount_off_cents, unitPriceCents);
  return 0;
}

/**
 * Counts `n` uses if the code is still open and has them left: false otherwise (the caller
 * answers code_invalid). The update takes the code row's lock until the commit.
 */
export async function claimCodeUses(trx: Transaction<Database>, codeId: string, n: number): Promise<boolean> {
  const now = nowIso();
  const result = await trx
    .updateTable('discount_codes')
    .set({ uses: sql`uses + ${n}` })
    .where('id', '=', codeId)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', now)]))
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .where(sql<boolean>`(max_uses is null or uses + ${n} <= max_uses)`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Locks the codes of a group of holds (in id order) and answers how many uses each has left now:
 * 0 when it is inactive or outside its window. The group then hands them out in arrival order.
 */
export async function lockCodesLeft(trx: Transaction<Database>, codeIds: string[]): Promise<Map<string, number>> {
  const ids = [...new Set(codeIds)].sort();
  if (ids.length === 0) return new Map();
  const rows = await trx
    .selectFrom('discount_codes')
    .selectAll()
    .where('id', 'in', ids)
    .orderBy('id')
    .$if(dialectOf(trx) === 'postgres', (q) => q.forNoKeyUpdate())
    .execute();
  return new Map(
    rows.map((r) => [r.id, !isOpen(r) ? 0 : r.max_uses === null ? Number.POSITIVE_INFINITY : Math.max(0, r.max_uses - r.uses)]),
  );
}

/** Raises the uses of codes already locked by lockCodesLeft (the CHECK stays the last word). */
export async function addCodeUses(trx: Transaction<Database>, uses: Map<string, number>): Promise<void> {
  for (const [id, n] of [...uses].sort(([a], [b]) => a.localeCompare(b)))
    if (n > 0)
      await trx
        .updateTable('discount_codes')
        .set({ uses: sql`uses + ${n}` })
        .where('id', '=', id)
        .execute();
}

/**
 * Gives back the use of a reservation whose tickets are released (expired, cancelled, refunded).
 * Called by inventory.releaseTickets before the counters, in the lock order.
 */
export async function releaseCodeUse(trx: Kysely<Database>, reservationId: string): Promise<void> {
  await trx
    .updateTable('discount_codes')
    .set({ uses: sql`uses - 1` })
    .where('id', '=', (eb) =>
      eb.selectFrom('reservations').select('discount_code_id').where('reservations.id', '=', reservationId),
    )
    .where('uses', '>', 0)
    .execute();
}

/**
 * A late payment re-sells a released reservation: its code use is claimed again under the same
 * rule (still open, a use left). Only locks and checks, so that a Collision found later leaves
 * nothing written; answers the uses to add with addCodeUses, or undefined when the code refuses.
 */
export async function lockCodeForReclaim(
  trx: Transaction<Database>,
  reservationId: string,
): Promise<Map<string, number> | undefined> {
  const r = await trx.selectFrom('reservations').select('discount_code_id').where('id', '=', reservationId).executeTakeFirst();
  const codeId = r?.discount_code_id ?? null;
  if (codeId === null) return new Map();
  const left = await lockCodesLeft(trx, [codeId]);
  return (left.get(codeId) ?? 0) >= 1 ? new Map([[codeId, 1]]) : undefined;
}
