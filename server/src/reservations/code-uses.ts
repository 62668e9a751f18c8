/**
 * Discount and access codes in the hold (issue 18): finding a code case-insensitively, what it
 * unlocks and takes off each ticket, and its uses. A use is one reservation: counted by a guarded
 * update in the hold's transaction (`uses + n <= max_uses`, backed by a CHECK), and given back in
 * the transaction that releases the reservation's tickets (inventory.releaseTickets), so expiry,
 * cancellation and refunds all return it through one function.
 *
 * Lock order (inventory.ts): the code row is locked after the per-buyer locks and before seats
 * and ticket-type counters; several codes in one group are locked in id order.
 *
 * An unlimited code (max_uses null) has nothing to run out of, so its holds do not count into the
 * row: they take a shared lock on it (PostgreSQL FOR SHARE: holds never wait for one another, and
 * it keeps the code from changing under them) and its uses are the reservations that name it,
 * still live (countLiveUses). A flash sale where every buyer uses one code then takes its groups
 * in turn on the ticket type's counter only, not on the code's row as well. Giving an unlimited
 * code a limit (catalog/codes.ts) takes the row's exclusive lock, so it waits for the holds in
 * flight, and counts its uses into the row from the reservations.
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
 * A code given a limit between the hold's first read and its transaction: the hold rolls back
 * and is made again from a fresh read (hold.ts), which counts the use under the new limit.
 */
export class CodeChanged extends Error {
  constructor() {
    super('the code was given a limit during the hold');
  }
}

/**
 * Counts `n` uses if the code is still open and has them left: false otherwise (the caller
 * answers code_invalid). A limited code's update takes the row's lock until the commit; an
 * unlimited one is only checked, under a shared lock (see the header).
 */
export async function claimCodeUses(trx: Transaction<Database>, code: HoldCode, n: number): Promise<boolean> {
  if (!code.limited) return (await lockCodesLeft(trx, [], [code.id])).get(code.id) !== 0;
  const now = nowIso();
  const result = await trx
    .updateTable('discount_codes')
    .set({ uses: sql`uses + ${n}` })
    .where('id', '=', code.id)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', now)]))
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>', now)]))
    .where(sql<boolean>`(max_uses is null or uses + ${n} <= max_uses)`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The code a hold uses, as its first read saw it: `limited` says which way its use is counted. */
export interface HoldCode {
  id: string;
  code: string;
  limited: boolean;
}

/**
 * Locks the codes of a group of holds and answers how many uses each has left now: 0 when it is
 * inactive or outside its window, Infinity when it has no limit. `counted` rows (limited codes,
 * or any code a late payment re-claims) are locked exclusively in id order; `unlimited` ones are
 * share-locked after them, and one found limited after all fails the hold as CodeChanged (its
 * use would have to upgrade a shared lock, which two holds could deadlock on).
 */
export async function lockCodesLeft(
  trx: Transaction<Database>,
  counted: string[],
  unlimited: string[] = [],
): Promise<Map<string, number>> {
  const left = new Map<string, number>();
  const postgres = dialectOf(trx) === 'postgres';
  const exclusive = [...new Set(counted)].sort();
  const shared = [...new Set(unlimited)].filter((id) => !exclusive.includes(id)).sort();
  if (exclusive.length > 0) {
    const rows = await trx
      .selectFrom('discount_codes')
      .selectAll()
      .where('id', 'in', exclusive)
      .orderBy('id')
      .$if(postgres, (q) => q.forNoKeyUpdate())
      .execute();
    for (const r of rows)
      left.set(r.id, !isOpen(r) ? 0 : r.max_uses === null ? Number.POSITIVE_INFINITY : Math.max(0, r.max_uses - r.uses));
  }
  if (shared.length > 0) {
    const rows = await trx
      .selectFrom('discount_codes')
      .select(['id', 'max_uses', 'active', 'valid_from', 'valid_until'])
      .where('id', 'in', shared)
      .orderBy('id')
      .$if(postgres, (q) => q.forShare())
      .execute();
    for (const r of rows) {
      if (r.max_uses !== null) throw new CodeChanged();
      left.set(r.id, isOpen(r) ? Number.POSITIVE_INFINITY : 0);
    }
  }
  return left;
}

/** Raises the uses of limited codes already locked by lockCodesLeft (the CHECK stays the last word). */
export async function addCodeUses(trx: Transaction<Database>, uses: Map<string, number>): Promise<void> {
  for (const [id, n] of [...uses].sort(([a], [b]) => a.localeCompare(b)))
    if (n > 0)
      await trx
        .updateTable('discount_codes')
        .set({ uses: sql`uses + ${n}` })
        .where('id', '=', id)
        .where('max_uses', 'is not', null)
        .execute();
}

/**
 * The uses a group of holds may take of its codes, locked by lockCodesLeft: handed out in arrival
 * order, and counted (then written once) only for a limited code, which has a finite number left.
 */
export class CodeAllowance {
  private readonly taken = new Map<string, number>();
  constructor(private readonly left: Map<string, number>) {}

  /** Locks the group's codes (lockCodesLeft: limited ones exclusively, unlimited ones shared). */
  static async lock(trx: Transaction<Database>, codes: HoldCode[]): Promise<CodeAllowance> {
    const left = await lockCodesLeft(
      trx,
      codes.filter((c) => c.limited).map((c) => c.id),
      codes.filter((c) => !c.limited).map((c) => c.id),
    );
    return new CodeAllowance(left);
  }

  /** Whether a hold with this code (or none) may have a use now. */
  allows(codeId: string | undefined): boolean {
    return codeId === undefined || (this.left.get(codeId) ?? 0) > 0;
  }

  /** Takes the use of a hold that allows() let through. */
  take(codeId: string | undefined): void {
    const left = codeId === undefined ? undefined : this.left.get(codeId);
    if (codeId === undefined || left === undefined || !Number.isFinite(left)) return;
    this.left.set(codeId, left - 1);
    this.taken.set(codeId, (this.taken.get(codeId) ?? 0) + 1);
  }

  /** Writes the uses taken into the limited codes' rows. */
  write(trx: Transaction<Database>): Promise<void> {
    return addCodeUses(trx, this.taken);
  }
}

/** Reservations that hold a use of these codes now: pending or paid (a release ends the use). */
export async function countLiveUses(db: Kysely<Database>, codeIds: string[]): Promise<Map<string, number>> {
  if (codeIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('reservations')
    .select(['discount_code_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('discount_code_id', 'in', codeIds)
    .where('status', 'in', ['pending_payment', 'paid'])
    .groupBy('discount_code_id')
    .execute();
  return new Map(rows.map((r) => [r.discount_code_id ?? '', Number(r.n)]));
}

/** The codes as the API shows them, an unlimited code's uses counted from its reservations. */
export async function toCodesWithUses(db: Kysely<Database>, rows: CodeRow[]): Promise<DiscountCode[]> {
  const live = await countLiveUses(
    db,
    rows.filter((r) => r.max_uses === null).map((r) => r.id),
  );
  return rows.map((r) => (r.max_uses === null ? { ...toCode(r), uses: live.get(r.id) ?? 0 } : toCode(r)));
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
    // An unlimited code's uses are its live reservations, not the row's (see the header).
    .where('max_uses', 'is not', null)
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
