/**
 * The words of the account emails: a verification link, a password-reset link, and the notice an
 * owner gets when someone tries to register their address, in the recipient's language. None
 * carries text a stranger chose (a registrant's name included): the address may not be theirs,
 * and the site must not carry their message to it.
 */
import type { Locale } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { translate } from '../platform/i18n.js';
import { enqueueEmail } from './outbox.js';

export type AccountEmailKind = 'verify_email' | 'password_reset' | 'account_exists';

/** Queues one account email with `link` in it (in the caller's transaction, when it has one). */
export async function queueAccountEmail(
  db: Kysely<Database>,
  email: { kind: AccountEmailKind; to: string; link: string; locale: Locale },
): Promise<void> {
  const t = (key: string, params = {}) => translate(email.locale, key, params);
  await enqueueEmail(db, {
    kind: email.kind,
    to: email.to,
    subject: t(`email.${email.kind}.subject`),
    body: `${t('email.greeting')}\n\n${t(`email.${email.kind}.body`, { link: email.link })}\n\n${t('email.signature')}`,
    reservationId: null,
    attachTickets: false,
  });
}
