/**
 * An organizer's API tokens: made by an owner or a site admin, shown once, stored only as the
 * SHA-256 of the secret, listed without it, revoked (never deleted, so the audit log keeps naming
 * them). security/bearer-auth.ts authenticates requests with them through `apiTokenResolver`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  API_TOKEN_PREFIX,
  type ApiToken,
  type ApiTokenCreated,
  type ApiTokenInput,
  type ApiTokenListQuery,
  type ApiTokenScope,
  type Page,
} from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/dialect.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database } from '../db/schema.js';
import { decodeNewestFirst, olderThan, pageOf, type CursorCodec, type NewestFirstPosition } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { hashApiToken, type ApiTokenResolver } from '../security/bearer-auth.js';

/** 32 random bytes (256 bits) in base64url after the recognisable prefix. */
function newSecret(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

const parseScopes = (json: string) => JSON.parse(json) as ApiTokenScope[];

/** The organizer must exist: answered 404 in the same transaction that writes the token (the access check answers it too). */
async function requireOrganizer(db: Kysely<Database>, organizerId: string): Promise<void> {
  const row = await db.selectFrom('organizers').select('id').where('id', '=', organizerId).executeTakeFirst();
  if (row === undefined) throw errors.notFound('organizer');
}

export async function createApiToken(
  db: Kysely<Database>,
  actorId: string,
  organizerId: string,
  input: ApiTokenInput,
): Promise<ApiTokenCreated> {
  const secret = newSecret();
  const id = randomUUID();
  const name = input.name.trim();
  // The order a client sent them in is kept; the schema already refused duplicates.
  const scopes = [...input.scopes];
  await inTransaction(db, async (trx) => {
    await requireOrganizer(trx, organizerId);
    await trx
      .insertInto('api_tokens')
      .values({
        id,
        organizer_id: organizerId,
        name,
        scopes_json: JSON.stringify(scopes),
        token_hash: hashApiToken(secret),
        created_by: actorId,
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      })
      .execute();
    await recordAudit(trx, {
      actorId,
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: id,
      after: { organizerId, name, scopes },
    });
  });
  return { id, name, scopes, token: secret };
}

export async function listApiTokens(
  db: Kysely<Database>,
  cursors: CursorCodec,
  organizerId: string,
  query: ApiTokenListQuery,
): Promise<Page<ApiToken>> {
  await requireOrganizer(db, organizerId);
  const limit = query.limit ?? 20;
  const after = decodeNewestFirst(cursors, query.cursor);
  const rows = await db
    .selectFrom('api_tokens as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select([
      't.id',
      't.name',
      't.scopes_json',
      't.created_at',
      't.last_used_at',
      't.revoked_at',
      't.created_by',
      'u.email',
      'u.name as user_name',
    ])
    .where('t.organizer_id', '=', organizerId)
    .$if(after !== undefined, (q) => q.where(olderThan(after as NewestFirstPosition, 't')))
    .orderBy('t.created_at', 'desc')
    .orderBy('t.id', 'desc')
    .limit(limit + 1)
    .execute();
  return pageOf(
    cursors,
    rows,
    limit,
    (r) => ({
      id: r.id,
      name: r.name,
      scopes: parseScopes(r.scopes_json),
      createdAt: r.created_at,
      createdBy:
        r.created_by !== null && r.email !== null && r.user_name !== null
          ? { id: r.created_by, email: r.email, name: r.user_name }
          : null,
      lastUsedAt: r.last_used_at,
      revokedAt: r.revoked_at,
    }),
    (r) => [r.created_at, r.id],
  );
}

/**
 * Ends a token at once: its next request is refused. Revoking one already revoked changes
 * nothing and writes no second audit entry; another organizer's token is 404.
 */
export async function revokeApiToken(db: Kysely<Database>, actorId: string, organizerId: string, tokenId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const revokedAt = nowIso();
    // Conditional: of two concurrent revocations one changes the row and audits, the other sees it done.
    const result = await trx
      .updateTable('api_tokens')
      .set({ revoked_at: revokedAt })
      .where('id', '=', tokenId)
      .where('organizer_id', '=', organizerId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      const exists = await trx
        .selectFrom('api_tokens')
        .select('id')
        .where('id', '=', tokenId)
        .where('organizer_id', '=', organizerId)
        .executeTakeFirst();
      if (exists === undefined) throw errors.notFound('apiToken');
      return;
    }
    await recordAudit(trx, {
      actorId,
      action: 'api_token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      after: { organizerId, revokedAt },
    });
  });
}

/**
 * The token store behind bearer auth: one indexed read (the hash is unique) joined to the creator
 * and the creator's membership. A token lives only while its creator may still make it (an owner
 * of its organizer, or a site admin): an owner removed or demoted takes their tokens along, so a
 * person who left keeps no way in. A creator gone finds nothing either; each case is a 401.
 */
export const apiTokenResolver: ApiTokenResolver = {
  async findByHash(db, hash) {
    const row = await db
      .selectFrom('api_tokens as t')
      .innerJoin('users as u', 'u.id', 't.created_by')
      .leftJoin('organizer_members as m', (join) =>
        join.onRef('m.organizer_id', '=', 't.organizer_id').onRef('m.user_id', '=', 't.created_by'),
      )
      .selectAll('u')
      .select(['t.id as token_id', 't.organizer_id', 't.scopes_json', 't.last_used_at', 't.revoked_at', 'm.role as member_role'])
      .where('t.token_hash', '=', hash)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    const { token_id, organizer_id, scopes_json, last_used_at, revoked_at, member_role, ...user } = row;
    if (member_role !== 'owner' && user.role !== 'admin') return undefined;
    return {
      token: {
        id: token_id,
        organizerId: organizer_id,
        scopes: parseScopes(scopes_json),
        lastUsedAt: last_used_at,
        revokedAt: revoked_at,
      },
      user,
    };
  },
  async markUsed(db, tokenId, at, staleBefore) {
    await db
      .updateTable('api_tokens')
      .set({ last_used_at: at })
      .where('id', '=', tokenId)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
      .execute();
  },
};
