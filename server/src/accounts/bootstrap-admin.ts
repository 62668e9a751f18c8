import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { hashPassword } from './passwords.js';
import { DatabaseSessionStore, type SessionStore } from './sessions.js';
import { findUserByEmail, insertUser, isUniqueViolation, updatePassword } from './users.js';

/**
 * Makes sure the ADMIN_EMAIL account exists as an active admin: created with ADMIN_PASSWORD, or
 * promoted. A verified account keeps its password (its owner proved the address is theirs); an
 * unverified one may be a stranger's who registered the address first, so it is taken over:
 * ADMIN_PASSWORD replaces the stranger's password and their sessions end before it is promoted.
 * Safe when several instances start at once.
 */
export async function ensureAdmin(
  db: Kysely<Database>,
  admin: { email: string; password: string },
  sessions: SessionStore = new DatabaseSessionStore(db),
): Promise<'created' | 'promoted' | 'unchanged'> {
  const existing = await findUserByEmail(db, admin.email);
  if (existing === undefined) {
    try {
      const user = await insertUser(db, {
        email: admin.email,
        name: 'Administrator',
        passwordHash: await hashPassword(admin.password),
        role: 'admin',
        // The operator chose this address in the configuration: it needs no link to prove it.
        emailVerified: true,
      });
      await recordAudit(db, {
        actorId: null,
        action: 'user.bootstrap_admin',
        entityType: 'user',
        entityId: user.id,
        after: { role: 'admin' },
      });
      return 'created';
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return ensureAdmin(db, admin, sessions);
    }
  }
  if (existing.role === 'admin' && existing.disabled === 0 && existing.email_verified === 1) return 'unchanged';
  const takenOver = existing.email_verified === 0;
  if (takenOver) {
    // Password first, sessions after: a sign-in racing the takeover either meets the new password
    // or holds a session that the revocation then ends.
    await updatePassword(db, existing.id, await hashPassword(admin.password), { verified: true });
    await sessions.revokeUser(existing.id);
  }
  await db
    .updateTable('users')
    .set({ role: 'admin', disabled: 0, email_verified: 1, updated_at: nowIso() })
    .where('id', '=', existing.id)
    .execute();
  await recordAudit(db, {
    actorId: null,
    action: 'user.bootstrap_admin',
    entityType: 'user',
    entityId: existing.id,
    before: { role: existing.role, disabled: existing.disabled === 1, emailVerified: !takenOver },
    after: { role: 'admin', disabled: false, ...(takenOver && { passwordReplaced: true }) },
  });
  return 'promoted';
}
