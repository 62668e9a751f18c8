/** /api/admin/users: find users, grant and revoke roles, disable and re-enable accounts. */
import {
  AdminUserPatchSchema,
  AdminUserQuerySchema,
  UserEnvelopeSchema,
  UserSchema,
  pageSchema,
  type AdminUserPatch,
} from '@iatichet/contracts';
import { Type } from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import type { AccountsContext } from '../accounts/accounts-context.js';
import { toPublicUser, type UserRow } from '../accounts/users.js';
import { recordAudit } from '../audit/audit-log.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import { retryTransaction } from '../db/transaction-retry.js';
import type { Database } from '../db/schema.js';
import { createCursorCodec, decodeNewestFirst, likePattern, olderThan, type NewestFirstPosition } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { currentUser, requireAdmin } from '../security/auth.js';

const tags = ['admin'];

/**
 * Applies a role/disabled change inside a transaction. On PostgreSQL the active admins and the
 * target are locked in one statement, in id order, so that two admins demoting each other at once
 * cannot leave the site with none, and concurrent changes always take their locks in the same
 * order; a deadlock the database still reports (40P01) reruns the transaction.
 */
export function changeUser(
  db: Kysely<Database>,
  actorId: string,
  userId: string,
  patch: AdminUserPatch,
  ip: string,
): Promise<UserRow> {
  return retryTransaction(() => db.transaction().execute((trx) => applyChange(trx, actorId, userId, patch, ip)));
}

async function applyChange(
  trx: Kysely<Database>,
  actorId: string,
  userId: string,
  patch: AdminUserPatch,
  ip: string,
): Promise<UserRow> {
  const locked = await trx
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('role', '=', 'admin'), eb('disabled', '=', 0)]), eb('id', '=', userId)]))
    .orderBy('id')
    .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate())
    .execute();
  const admins = locked.filter((u) => u.role === 'admin' && u.disabled === 0);
  const before = locked.find((u) => u.id === userId);
  if (before === undefined) throw errors.notFound('user');

  const role = patch.role ?? before.role;
  const disabled = patch.disabled === undefined ? before.disabled : patch.disabled ? 1 : 0;
  const wasActiveAdmin = before.role === 'admin' && before.disabled === 0;
  const staysActiveAdmin = role === 'admin' && disabled === 0;
  if (wasActiveAdmin && !staysActiveAdmin && admins.length <= 1) {
    throw errors.conflict('This is the last active admin; make someone else an admin first.');
  }
  if (role === before.role && disabled === before.disabled) return before;

  await trx.updateTable('users').set({ role, disabled, updated_at: nowIso() }).where('id', '=', userId).execute();
  const after = { ...before, role, disabled };
  const action =
    patch.disabled !== undefined && disabled !== before.disabled
      ? disabled
        ? 'user.disable'
        : 'user.enable'
      : 'user.role_change';
  await recordAudit(trx, {
    actorId,
    action,
    entityType: 'user',
    entityId: userId,
    before: { role: before.role, disabled: before.disabled === 1 },
    after: { role, disabled: disabled === 1 },
    ip,
  });
  return after;
}

export const adminUserRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountsContext; cursorSecret: string }> = (
  app,
  { accounts, cursorSecret },
) => {
  const cursors = createCursorCodec(cursorSecret);
  const db = app.services.database.db;

  app.get(
    '/users',
    {
      onRequest: requireAdmin,
      schema: {
        tags,
        summary: 'Users, newest first; filter by text and role',
        querystring: AdminUserQuerySchema,
        response: { 200: pageSchema(UserSchema) },
      },
    },
    async (request) => {
      const { q, role, disabled, limit = 20, cursor } = request.query;
      const position = decodeNewestFirst(cursors, cursor);
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .$if(q !== undefined && q.trim() !== '', (qb) =>
          qb.where((eb) =>
            eb.or([
              eb(sql`email_normalized`, 'like', sql<string>`${likePattern(q ?? '')} escape '\\'`),
              eb(sql`lower(name)`, 'like', sql<string>`${likePattern(q ?? '')} escape '\\'`),
            ]),
          ),
        )
        .$if(role !== undefined, (qb) => qb.where('role', '=', role ?? 'user'))
        .$if(disabled !== undefined, (qb) => qb.where('disabled', '=', disabled ? 1 : 0))
        .$if(position !== undefined, (qb) => qb.where(olderThan(position as NewestFirstPosition)))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(toPublicUser),
        nextCursor: rows.length > limit && last ? cursors.encode([last.created_at, last.id]) : null,
      };
    },
  );

  app.patch(
    '/users/:id',
    {
      onRequest: requireAdmin,
      schema: {
        tags,
        summary: 'Grant or revoke admin and staff; disable or re-enable (disabling ends the sessions)',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        body: AdminUserPatchSchema,
        response: { 200: UserEnvelopeSchema },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      const user = await changeUser(db, actor.id, request.params.id, request.body, request.ip);
      if (user.disabled === 1) await accounts.sessions.revokeUser(user.id);
      return { user: toPublicUser(user) };
    },
  );
  return Promise.resolve();
};
