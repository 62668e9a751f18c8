/**
 * One-time tokens mailed in links (verify an email, reset a password): 32 random bytes, stored
 * only as a SHA-256 hash, so a copy of the database cannot use them; each is used at most once
 * (a guarded update: of concurrent uses exactly one wins) and not after its expiry.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AccountTokensTable, Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { hashToken } from './sessions.js';

export type TokenPurpose = AccountTokensTable['purpose'];

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  verify_email: 24 * 3600_000,
  password_reset: 3600_000,
};

/** Stores a new token for `userId` and answers the token itself (for the link, never stored). */
export async function issueToken(db: Kysely<Database>, userId: string, purpose: TokenPurpose): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = Date.now();
  await db
    .insertInto('account_tokens')
    .values({
      id_hash: hashToken(token),
      user_id: userId,
      purpose,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + TOKEN_LIFETIME_MS[purpose]).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** The user a live, unused token belongs to, without using it up; undefined for any other token. */
export async function peekToken(db: Kysely<Database>, token: string, purpose: TokenPurpose): Promise<string | undefined> {
  const row = await db
    .selectFrom('account_tokens')
    .select('user_id')
    .where('id_hash', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', nowIso())
    .executeTakeFirst();
  return row?.user_id;
}

/** Uses the token up; answers its user, or undefined when it is unknown, used or expired. */
export async function consumeToken(db: Kysely<Database>, token: string, purpose: TokenPurpose): Promise<string | undefined> {
  const now = nowIso();
  const idHash = hashToken(token);
  const used = await db
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('id_hash', '=', idHash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (used.numUpdatedRows !== 1n) return undefined;
  const row = await db.selectFrom('account_tokens').select('user_id').where('id_hash', '=', idHash).executeTakeFirstOrThrow();
  return row.user_id;
}

/** Ends every unused token of this purpose of the user (the password changed: old reset links die). */
export async function revokeTokens(db: Kysely<Database>, userId: string, purpose: TokenPurpose): Promise<void> {
  await db
    .updateTable('account_tokens')
    .set({ used_at: nowIso() })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}
