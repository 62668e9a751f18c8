/** Users: the table's rows, the public shape, and the queries the accounts and admin routes need. */
import { randomUUID } from 'node:crypto';
import type { Locale, Role, User } from '@iatichet/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';

export type UserRow = Selectable<UsersTable>;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function toPublicUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled === 1,
    emailVerified: row.email_verified === 1,
    locale: row.locale,
    createdAt: row.created_at,
  };
}

export function findUserById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Kysely<Database>, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email_normalized', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function insertUser(
  db: Kysely<Database>,
  input: { email: string; name: string; passwordHash: string; role?: Role; emailVerified?: boolean; locale?: Locale },
): Promise<UserRow> {
  const now = nowIso();
  const row: UserRow = {
    id: randomUUID(),
    email: input.email.trim(),
    email_normalized: normalizeEmail(input.email),
    name: input.name.trim(),
    password_hash: input.passwordHash,
    role: input.role ?? 'user',
    disabled: 0,
    email_verified: input.emailVerified === true ? 1 : 0,
    locale: input.locale ?? 'en',
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('users').values(row).execute();
  return row;
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return (
    e.code === '23505' ||
    (typeof e.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT_UNIQUE')) ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

export async function updateProfile(
  db: Kysely<Database>,
  id: string,
  patch: { name?: string | undefined; locale?: Locale | undefined },
): Promise<UserRow | undefined> {
  await db
    .updateTable('users')
    .set({
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.locale !== undefined && { locale: patch.locale }),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
  return findUserById(db, id);
}

/** A new password hash; `verified` also marks the email proven (the change came through a mailed link). */
export async function updatePassword(
  db: Kysely<Database>,
  id: string,
  passwordHash: string,
  options: { verified?: boolean } = {},
): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, ...(options.verified === true && { email_verified: 1 }), updated_at: nowIso() })
    .where('id', '=', id)
    .execute();
}

export async function markEmailVerified(db: Kysely<Database>, id: string): Promise<void> {
  await db.updateTable('users').set({ email_verified: 1, updated_at: nowIso() }).where('id', '=', id).execute();
}
