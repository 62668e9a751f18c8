/**
 * Idempotency-Key of POST /api/reservations (API.md: the same key from the same user answers the
 * first answer again and never holds twice). The key is claimed inside the hold's transaction
 * (hold-writes.ts), before the buyer's cap and the counters are looked at, and it names the
 * reservation that transaction writes: the hold and its key commit together or not at all, so a
 * connection lost after the commit leaves nothing "in progress", and the retry finds the hold.
 * The claim is an insert that skips a key already there (ON CONFLICT DO NOTHING): a concurrent
 * identical request waits for the first one's transaction, then finds its key and holds nothing.
 * A retry that comes later finds the key in the hold's first read (hold.ts), before anything
 * could answer sold out or over the cap. A refusal (4xx) is remembered too, after the fact and
 * many at once (HoldRefusals); a failure of ours (5xx) or a rate limit is not, so the same key may
 * be sent again.
 */
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';
import { errors, toAppError } from '../platform/errors.js';

export interface HoldKey {
  key: string;
  /** SHA-256 of the request body: one key stands for one request. */
  requestHash: string;
}

/** What a key stands for: the reservation its hold made, or the refusal it was answered with. */
export interface StoredHoldKey {
  request_hash: string;
  reservation_id: string | null;
  status_code: number | null;
  response_json: string | null;
}

export interface KeyedAnswer {
  statusCode: number;
  body: unknown;
}

/** The hold's first read found this key already used: answer what it stands for. */
export class HoldKeyUsed extends Error {
  constructor(readonly stored: StoredHoldKey) {
    super('this Idempotency-Key was used before');
  }
}

/** The claim inside the transaction found the key taken by a hold that committed meanwhile. */
export class HoldKeyTaken extends Error {
  constructor() {
    super('this Idempotency-Key was taken by a concurrent request');
  }
}

/** The header's key with the request it came with, or undefined without one; 400 for a malformed key. */
export function holdKeyOf(header: string | undefined, body: unknown): HoldKey | undefined {
  if (header === undefined) return undefined;
  if (!/^[\w.:-]{1,200}$/.test(header))
    throw errors.validation('The Idempotency-Key header must be 1-200 letters, digits, or . _ : -', [
      { path: '/headers/idempotency-key', message: 'invalid' },
    ]);
  const requestHash = createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
  return { key: header, requestHash };
}

export interface KeyClaim {
  /** The draft reservation's id, which the key will name once the transaction commits. */
  reservationId: string;
  userId: string;
  key: HoldKey;
}

/**
 * Claims each key for its reservation, in the hold's transaction; answers the reservation ids
 * whose key was already taken (by a committed hold, or by an earlier claim in this list).
 */
export async function claimHoldKeys(trx: Transaction<Database>, claims: KeyClaim[]): Promise<Set<string>> {
  const first = new Map<string, KeyClaim>();
  for (const c of claims) if (!first.has(`${c.userId}\n${c.key.key}`)) first.set(`${c.userId}\n${c.key.key}`, c);
  const createdAt = nowIso();
  // In key order, as every claim inserts them: two groups claiming the same two keys never wait on each other crosswise.
  const ordered = [...first].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
  const claimed = await trx
    .insertInto('hold_keys')
    .values(
      ordered.map((c) => ({
        user_id: c.userId,
        key: c.key.key,
        request_hash: c.key.requestHash,
        reservation_id: c.reservationId,
        status_code: null,
        response_json: null,
        created_at: createdAt,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('reservation_id')
    .execute();
  const won = new Set(claimed.map((r) => r.reservation_id));
  return new Set(claims.filter((c) => !won.has(c.reservationId)).map((c) => c.reservationId));
}

/** Gives back the keys of holds that this transaction claimed but did not grant (sold out, over the cap). */
export async function releaseHoldKeys(trx: Transaction<Database>, reservationIds: string[]): Promise<void> {
  if (reservationIds.length === 0) return;
  await trx.deleteFrom('hold_keys').where('reservation_id', 'in', reservationIds).execute();
}

function findHoldKey(db: Kysely<Database>, userId: string, key: string): Promise<StoredHoldKey | undefined> {
  return db
    .selectFrom('hold_keys')
    .select(['request_hash', 'reservation_id', 'status_code', 'response_json'])
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export interface Refusal {
  userId: string;
  key: HoldKey;
  answer: KeyedAnswer;
}

const keyOf = (userId: string, key: string) => `${userId}\n${key}`;

/**
 * Remembers refusals for their keys, many in one insert; for each, undefined when it was
 * remembered, else what had taken its key (a hold or a refusal that came first). A refusal whose
 * key appears earlier in the same list finds that one's row, as if it had come a moment later.
 */
export async function rememberRefusals(db: Kysely<Database>, refusals: Refusal[]): Promise<(StoredHoldKey | undefined)[]> {
  const first = new Map<string, Refusal>();
  for (const r of refusals) if (!first.has(keyOf(r.userId, r.key.key))) first.set(keyOf(r.userId, r.key.key), r);
  const createdAt = nowIso();
  // In key order, as the claims insert them: two inserts of the same keys never wait on each other crosswise.
  const ordered = [...first].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  const inserted = await db
    .insertInto('hold_keys')
    .values(
      ordered.map((r) => ({
        user_id: r.userId,
        key: r.key.key,
        request_hash: r.key.requestHash,
        reservation_id: null,
        status_code: r.answer.statusCode,
        response_json: JSON.stringify(r.answer.body),
        created_at: createdAt,
      })),
    )
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning(['user_id', 'key'])
    .execute();
  const won = new Set(inserted.map((row) => keyOf(row.user_id, row.key)));
  return Promise.all(
    refusals.map((r) => {
      const k = keyOf(r.userId, r.key.key);
      return first.get(k) === r && won.has(k) ? Promise.resolve(undefined) : findHoldKey(db, r.userId, r.key.key);
    }),
  );
}

/**
 * The app's memory of refusals: the refusals that arrive while one insert runs go together in the
 * next, so a sold-out crowd costs one statement and one commit per batch, not one per buyer. No
 * answer is sent before its refusal is stored; a batch that fails is retried one refusal at a time.
 */
export class HoldRefusals {
  private readonly batcher: Batcher<Refusal, StoredHoldKey | undefined>;

  constructor(db: Kysely<Database>) {
    this.batcher = new Batcher({ run: (refusals) => rememberRefusals(db, refusals), maxWeight: 500, retryAlone: true });
  }

  /** Undefined once the refusal is stored; else what had taken its key. */
  remember(refusal: Refusal): Promise<StoredHoldKey | undefined> {
    return this.batcher.submit(refusal);
  }
}

/**
 * The answer to a keyed hold that did not answer a new reservation: the first answer again for a
 * key used before, the refusal (remembered) for a business outcome, and the error itself for a
 * failure that a retry with the same key may cure.
 */
export async function answerKeyedFailure(
  db: Kysely<Database>,
  refusals: HoldRefusals,
  userId: string,
  key: HoldKey,
  err: unknown,
  loadReservation: (id: string) => Promise<unknown>,
): Promise<KeyedAnswer> {
  let stored: StoredHoldKey | undefined;
  if (err instanceof HoldKeyUsed) stored = err.stored;
  else if (err instanceof HoldKeyTaken) stored = await findHoldKey(db, userId, key.key);
  else {
    const appError = toAppError(err);
    if (appError.status >= 500 || appError.code === 'rate_limited') throw err;
    const refusal = { statusCode: appError.status, body: appError.toProblem() };
    stored = await refusals.remember({ userId, key, answer: refusal });
    if (stored === undefined) return refusal;
  }
  if (stored === undefined) throw errors.conflict('Retry the request.');
  if (stored.request_hash !== key.requestHash) throw errors.conflict('This Idempotency-Key was used for a different request.');
  if (stored.reservation_id !== null) return { statusCode: 201, body: await loadReservation(stored.reservation_id) };
  return { statusCode: stored.status_code ?? 409, body: JSON.parse(stored.response_json ?? 'null') as unknown };
}
