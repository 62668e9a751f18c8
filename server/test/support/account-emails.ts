/**
 * The account emails a test can read: they wait in the email outbox table (written in the same
 * transaction as the token), so a test takes a link from there, as a person takes it from the mail.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';

export interface QueuedAccountEmail {
  kind: string;
  subject: string;
  body: string;
}

/** The account emails queued for `to` (any letter case), oldest first. */
export async function accountEmailsTo(db: Kysely<Database>, to: string): Promise<QueuedAccountEmail[]> {
  const rows = await db
    .selectFrom('email_outbox')
    .select(['kind', 'subject', 'body', 'to_address', 'created_at'])
    .where('reservation_id', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.filter((r) => r.to_address.toLowerCase() === to.toLowerCase());
}

/** The token of the last link to `path` (e.g. /verify-email) mailed to `to`; throws when there is none. */
export async function tokenMailedTo(
  db: Kysely<Database>,
  to: string,
  path: '/verify-email' | '/reset-password',
): Promise<string> {
  const emails = await accountEmailsTo(db, to);
  for (const email of emails.reverse()) {
    const match = new RegExp(`${path}\\?token=([A-Za-z0-9_-]+)`).exec(email.body);
    if (match?.[1] !== undefined) return match[1];
  }
  throw new Error(`no ${path} link mailed to ${to}`);
}
