/**
 * An event's discount and access codes as its managers keep them (issue 18): create, change,
 * delete, generate in bulk, export. Codes are unique per event without regard to case (the index
 * on lower(code)); their uses are counted by the hold (reservations/code-uses.ts), never here.
 * Every change is audited in its own transaction.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { CodeGenerate, CodeInput, CodeListQuery, CodePatch, DiscountCode, Page } from '@iatichet/contracts';
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { isUniqueViolation } from '../accounts/users.js';
import { recordAudit } from '../audit/audit-log.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import {
  decodeNewestFirst,
  likePattern,
  olderThan,
  pageOf,
  type CursorCodec,
  type NewestFirstPosition,
} from '../platform/cursor.js';
import { AppError, errors } from '../platform/errors.js';
import { countLiveUses, toCode, toCodesWithUses, type CodeRow } from '../reservations/code-uses.js';

/** More codes than any sale needs; a bound on what one event can be made to store. */
export const CODES_PER_EVENT_MAX = 50_000;
/** No 0/O, 1/I/L: a code is read aloud and typed from paper. */
const GENERATED_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const GENERATED_LENGTH = 10;

type Terms = Omit<CodeInput, 'code'>;

export async function listCodes(db: Kysely<Database>, eventId: string): Promise<DiscountCode[]> {
  const rows = await db
    .selectFrom('discount_codes')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('created_at')
    .orderBy('code')
    .execute();
  return toCodesWithUses(db, rows);
}

/**
 * A page of the event's codes, newest first (a code just made or generated heads the list); `q`
 * keeps those containing it, in any case. The cursor is the last code's (createdAt, id).
 */
export async function listCodePage(
  db: Kysely<Database>,
  cursors: CursorCodec,
  eventId: string,
  query: CodeListQuery,
): Promise<Page<DiscountCode>> {
  const limit = query.limit ?? 20;
  const after = decodeNewestFirst(cursors, query.cursor);
  const q = query.q?.trim() ?? '';
  const rows = await db
    .selectFrom('discount_codes')
    .selectAll()
    .where('event_id', '=', eventId)
    .$if(q !== '', (b) => b.where(sql<SqlBool>`lower(code) like ${likePattern(q)} escape '\\'`))
    .$if(after !== undefined, (b) => b.where(olderThan(after as NewestFirstPosition)))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = pageOf(
    cursors,
    rows,
    limit,
    (row) => row,
    (row) => [row.created_at, row.id],
  );
  return { items: await toCodesWithUses(db, page.items), nextCursor: page.nextCursor };
}

/** The terms as they will be stored, checked against each other and the event's ticket types. */
async function checkTerms(db: Kysely<Database>, eventId: string, t: Terms): Promise<void> {
  const percent = t.percentOff ?? null;
  const amount = t.amountOffCents ?? null;
  if (percent !== null && amount !== null)
    throw errors.validation('Give a percentage or an amount off, not both.', [
      { path: '/amountOffCents', message: 'one discount only' },
    ]);
  if (t.kind === 'discount' && percent === null && amount === null)
    throw errors.validation('A discount code needs percentOff or amountOffCents.', [
      { path: '/percentOff', message: 'required' },
    ]);
  if (t.validFrom != null && t.validUntil != null && Date.parse(t.validFrom) >= Date.parse(t.validUntil))
    throw errors.validation('The code must start before it ends.', [{ path: '/validUntil', message: 'after validFrom' }]);
  const ids = [...new Set(t.ticketTypeIds ?? [])];
  if (ids.length > 0) {
    const found = await db
      .selectFrom('ticket_types')
      .select('id')
      .where('event_id', '=', eventId)
      .where('id', 'in', ids)
      .execute();
    if (found.length !== ids.length)
      throw errors.validation('A ticket type does not belong to this event.', [
        { path: '/ticketTypeIds', message: 'unknown ticket type' },
      ]);
  }
}

function columnsOf(t: Partial<Terms> & { active?: boolean }) {
  return {
    ...(t.kind === undefined ? {} : { kind: t.kind }),
    ...(t.percentOff === undefined ? {} : { percent_off: t.percentOff }),
    ...(t.amountOffCents === undefined ? {} : { amount_off_cents: t.amountOffCents }),
    ...(t.ticketTypeIds === undefined ? {} : { ticket_type_ids_json: JSON.stringify([...new Set(t.ticketTypeIds)]) }),
    ...(t.maxUses === undefined ? {} : { max_uses: t.maxUses }),
    ...(t.validFrom === undefined ? {} : { valid_from: t.validFrom === null ? null : new Date(t.validFrom).toISOString() }),
    ...(t.validUntil === undefined ? {} : { valid_until: t.validUntil === null ? null : new Date(t.validUntil).toISOString() }),
    ...(t.active === undefined ? {} : { active: t.active ? 1 : 0 }),
  };
}

async function ensureRoom(trx: Kysely<Database>, eventId: string, adding: number): Promise<void> {
  const { n } = await trx
    .selectFrom('discount_codes')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('event_id', '=', eventId)
    .executeTakeFirstOrThrow();
  if (Number(n) + adding > CODES_PER_EVENT_MAX)
    throw new AppError('limit_exceeded', `An event has at most ${CODES_PER_EVENT_MAX} codes.`);
}

const taken = () => errors.conflict('This event already has that code (codes ignore case).');

function newRow(eventId: string, code: string, t: Terms & { active?: boolean }, now: string) {
  return {
    id: randomUUID(),
    event_id: eventId,
    code,
    kind: t.kind,
    percent_off: t.percentOff ?? null,
    amount_off_cents: t.amountOffCents ?? null,
    ticket_type_ids_json: JSON.stringify([...new Set(t.ticketTypeIds ?? [])]),
    max_uses: t.maxUses ?? null,
    uses: 0,
    valid_from: t.validFrom == null ? null : new Date(t.validFrom).toISOString(),
    valid_until: t.validUntil == null ? null : new Date(t.validUntil).toISOString(),
    active: t.active === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  };
}

export async function createCode(
  db: Kysely<Database>,
  actor: { id: string; organizerId: string },
  eventId: string,
  input: CodeInput,
): Promise<DiscountCode> {
  await checkTerms(db, eventId, input);
  try {
    return await db.transaction().execute(async (trx) => {
      await ensureRoom(trx, eventId, 1);
      const row = newRow(eventId, input.code, input, nowIso());
      await trx.insertInto('discount_codes').values(row).execute();
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'code.create',
        entityType: 'discount_code',
        entityId: row.id,
        organizerId: actor.organizerId,
        after: { eventId, ...input },
      });
      return toCode(row);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

/**
 * The code's row under its exclusive lock (PostgreSQL): it waits for the holds that share-lock an
 * unlimited code (reservations/code-uses.ts), so their reservations are all visible to a recount.
 */
async function lockCode(trx: Transaction<Database>, eventId: string, codeId: string): Promise<CodeRow> {
  const row = await trx
    .selectFrom('discount_codes')
    .selectAll()
    .where('id', '=', codeId)
    .where('event_id', '=', eventId)
    .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (row === undefined) throw errors.notFound('code');
  return row;
}

export async function updateCode(
  db: Kysely<Database>,
  actor: { id: string; organizerId: string },
  eventId: string,
  codeId: string,
  patch: CodePatch,
): Promise<DiscountCode> {
  try {
    return await db.transaction().execute(async (trx) => {
      const before = await lockCode(trx, eventId, codeId);
      const was = toCode(before);
      const merged: Terms = {
        kind: patch.kind ?? was.kind,
        percentOff: patch.percentOff === undefined ? was.percentOff : patch.percentOff,
        amountOffCents: patch.amountOffCents === undefined ? was.amountOffCents : patch.amountOffCents,
        ticketTypeIds: patch.ticketTypeIds ?? was.ticketTypeIds,
        validFrom: patch.validFrom === undefined ? was.validFrom : patch.validFrom,
        validUntil: patch.validUntil === undefined ? was.validUntil : patch.validUntil,
      };
      await checkTerms(trx, eventId, merged);
      // An unlimited code's uses are its live reservations; given a limit, they are counted into
      // the row (the holds in flight have committed: lockCode waited for them).
      const uses =
        before.max_uses === null && patch.maxUses != null ? ((await countLiveUses(trx, [codeId])).get(codeId) ?? 0) : before.uses;
      if (patch.maxUses != null && uses > patch.maxUses)
        throw errors.conflict(`This code has been used ${uses} times already; its limit cannot be lower.`);
      await trx
        .updateTable('discount_codes')
        .set({
          ...columnsOf(patch),
          ...(patch.code === undefined ? {} : { code: patch.code }),
          uses,
          updated_at: nowIso(),
        })
        .where('id', '=', codeId)
        .execute();
      const after = await lockCode(trx, eventId, codeId);
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'code.update',
        entityType: 'discount_code',
        entityId: codeId,
        organizerId: actor.organizerId,
        before: was,
        after: patch,
      });
      const [shown] = await toCodesWithUses(trx, [after]);
      return shown ?? toCode(after);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw taken();
    throw err;
  }
}

/** A code that some reservation used stays (its reservations name it): deactivate it instead. */
export async function deleteCode(
  db: Kysely<Database>,
  actor: { id: string; organizerId: string },
  eventId: string,
  codeId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await lockCode(trx, eventId, codeId);
    const used = await trx
      .selectFrom('reservations')
      .select('id')
      .where('discount_code_id', '=', codeId)
      .limit(1)
      .executeTakeFirst();
    if (used !== undefined) throw errors.conflict('Reservations used this code: deactivate it instead.');
    await trx.deleteFrom('discount_codes').where('id', '=', codeId).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'code.delete',
      entityType: 'discount_code',
      entityId: codeId,
      organizerId: actor.organizerId,
      before: toCode(before),
    });
  });
}

function drawCode(prefix: string): string {
  const bytes = randomBytes(GENERATED_LENGTH);
  // 31 letters: the modulo's bias (256 = 8 × 31 + 8) is too small to matter for codes that are not secrets of their own.
  return prefix + Array.from(bytes, (b) => GENERATED_ALPHABET[b % GENERATED_ALPHABET.length]).join('');
}

/**
 * `count` new codes with the same terms. Each draw is random (about 50 bits); one that is already
 * taken (by any spelling) is skipped by the insert and drawn again, so the answer always has `count`.
 */
export async function generateCodes(
  db: Kysely<Database>,
  actor: { id: string; organizerId: string },
  eventId: string,
  input: CodeGenerate,
): Promise<DiscountCode[]> {
  const { count, prefix = '', ...terms } = input;
  await checkTerms(db, eventId, terms);
  return db.transaction().execute(async (trx) => {
    await ensureRoom(trx, eventId, count);
    const now = nowIso();
    const made: CodeRow[] = [];
    for (let round = 0; made.length < count; round++) {
      if (round >= 5) throw new Error('could not draw unique codes');
      const drawn = new Map<string, CodeRow>();
      while (drawn.size < count - made.length) {
        const code = drawCode(prefix.toUpperCase());
        drawn.set(code.toLowerCase(), newRow(eventId, code, terms, now));
      }
      const rows = [...drawn.values()];
      for (let i = 0; i < rows.length; i += 200)
        await trx
          .insertInto('discount_codes')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) => oc.doNothing())
          .execute();
      const inserted = new Set(
        (
          await trx
            .selectFrom('discount_codes')
            .select('id')
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute()
        ).map((r) => r.id),
      );
      made.push(...rows.filter((r) => inserted.has(r.id)));
    }
    await recordAudit(trx, {
      actorId: actor.id,
      action: 'code.generate',
      entityType: 'event',
      entityId: eventId,
      organizerId: actor.organizerId,
      after: { count, prefix, ...terms },
    });
    return made.map(toCode);
  });
}
