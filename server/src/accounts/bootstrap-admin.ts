import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { hashPassword } from './passwords.js';
import { findUserByEmail, insertUser, isUniqueViolation } from './users.js';

/**
 * Makes sure the ADMIN_EMAIL account exists as an active admin: created with ADMIN_PASSWORD, or
 * promoted (its password is left as it is). Safe when several instances start at once.
 */
export async function ensureAdmin(
  db: Kysely<Database>,
  admin: { email: string; password: string },
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
      return ensureAdmin(db, admin);
    }
  }
  if (existing.role === 'admin' && existing.disabled === 0 && existing.email_verified === 1) return 'unchanged';
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
    before: { role: existing.role, disabled: existing.disabled === 1 },
    after: { role: 'admin', disabled: false },
  });
  return 'promoted';
}
