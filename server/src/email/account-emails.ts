/**
 * The words of the account emails: a verification link, a password-reset link, and the notice an
 * owner gets when someone tries to register their address. None carries text a stranger chose (a
 * registrant's name included): the address may not be theirs, and the site must not carry their
 * message to it. English for now; the recipient's language comes with the translations.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { enqueueEmail } from './outbox.js';

export type AccountEmailKind = 'verify_email' | 'password_reset' | 'account_exists';

const WORDS: Record<AccountEmailKind, { subject: string; body: (link: string) => string }> = {
  verify_email: {
    subject: 'Confirm your email address for iaTichet',
    body: (link) =>
      `Hello,\n\nto confirm that this address is yours and start booking tickets, open this link within 24 hours:\n\n${link}\n\nIf you did not create an iaTichet account, ignore this email: the account stays unconfirmed.\n\niaTichet`,
  },
  password_reset: {
    subject: 'Reset your iaTichet password',
    body: (link) =>
      `Hello,\n\nto choose a new password, open this link within one hour:\n\n${link}\n\nIf you did not ask for it, ignore this email: your password stays as it is.\n\niaTichet`,
  },
  account_exists: {
    subject: 'Someone tried to register your email address at iaTichet',
    body: (link) =>
      `Hello,\n\nsomeone tried to create an iaTichet account with this address, which already has one. Nothing was changed.\n\nIf it was you and you forgot your password, you can choose a new one here:\n\n${link}\n\niaTichet`,
  },
};

/** Queues one account email with `link` in it (in the caller's transaction, when it has one). */
export async function queueAccountEmail(
  db: Kysely<Database>,
  email: { kind: AccountEmailKind; to: string; link: string },
): Promise<void> {
  const words = WORDS[email.kind];
  await enqueueEmail(db, {
    kind: email.kind,
    to: email.to,
    subject: words.subject,
    body: words.body(email.link),
    reservationId: null,
    attachTickets: false,
  });
}
