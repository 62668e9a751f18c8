/**
 * Idempotency-Key support: the same key from the same user for the same action answers the first
 * result again and never runs the action twice, even when both requests arrive at once.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { isUniqueViolation } from '../accounts/users.js';
import { errors, toAppError } from '../platform/errors.js';

export interface StoredAnswer {
  statusCode: number;
  body: unknown;
}

export async function withIdempotency(
  db: Kysely<Database>,
  key: string | undefined,
  scope: { userId: string; action: string },
  request: unknown,
  run: () => Promise<StoredAnswer>,
): Promise<StoredAnswer> {
  if (key === undefined) return run();
  if (!/^[\w.:-]{1,200}$/.test(key))
    throw errors.validation('The Idempotency-Key header must be 1-200 letters, digits, or . _ : -', [
      { path: '/headers/idempotency-key', message: 'invalid' },
    ]);
  const requestHash = createHash('sha256')
    .update(JSON.stringify(request ?? null))
    .digest('hex');
  const where = { user_id: scope.userId, scope: scope.action, key };
  try {
    await db
      .insertInto('idempotency_keys')
      .values({ ...where, request_hash: requestHash, status_code: null, response_json: null, created_at: nowIso() })
      .execute();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const stored = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', where.user_id)
      .where('scope', '=', where.scope)
      .where('key', '=', key)
      .executeTakeFirst();
    if (stored === undefined) throw errors.conflict('Retry the request.');
    if (stored.request_hash !== requestHash) throw errors.conflict('This Idempotency-Key was used for a different request.');
    if (stored.status_code === null || stored.response_json === null)
      throw errors.conflict('A request with this Idempotency-Key is still in progress.');
    return { statusCode: stored.status_code, body: JSON.parse(stored.response_json) as unknown };
  }
  let answer: StoredAnswer;
  try {
    answer = await run();
  } catch (err) {
    const appError = toAppError(err);
    // Business outcomes (4xx) are answered again; failures of ours or a provider's may be retried.
    if (appError.status >= 500 || appError.code === 'rate_limited') {
      await db
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', where.user_id)
        .where('scope', '=', where.scope)
        .where('key', '=', key)
        .execute();
      throw err;
    }
    answer = { statusCode: appError.status, body: appError.toProblem() };
  }
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: answer.statusCode, response_json: JSON.stringify(answer.body) })
    .where('user_id', '=', where.user_id)
    .where('scope', '=', where.scope)
    .where('key', '=', key)
    .execute();
  return answer;
}
