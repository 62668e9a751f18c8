/**
 * Mailing links to account owners, within a budget per recipient (5 an hour): registration and
 * password reset take any address, and must not make the site a way to flood someone's mailbox.
 * Over the budget the email is dropped silently; the answer to the caller stays the same, so it
 * tells nothing either. The signed-in owner's own verification resend is outside this budget:
 * strangers can spend it (four password-reset requests for the address), and must not thereby
 * keep the owner from the link they asked for; that resend has its own limit, 3 an hour per account.
 */
import type { Locale } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { queueAccountEmail } from '../email/account-emails.js';
import type { AccountsContext } from './accounts-context.js';
import { issueToken, type TokenPurpose } from './account-tokens.js';
import { normalizeEmail } from './users.js';

const LINK_PATHS: Record<TokenPurpose, string> = { verify_email: '/verify-email', password_reset: '/reset-password' };

async function withinBudget(accounts: AccountsContext, to: string): Promise<boolean> {
  return (await accounts.accountMail.consume(normalizeEmail(to))) === 0;
}

/**
 * Issues a token and mails its link to the user; answers false when the budget held it back.
 * `ownerResend`: the signed-in owner asked, within their own limit, so the recipient budget is not asked.
 */
export async function mailAccountLink(
  db: Kysely<Database>,
  accounts: AccountsContext,
  user: { id: string; email: string; locale: Locale },
  purpose: TokenPurpose,
  options: { ownerResend?: boolean } = {},
): Promise<boolean> {
  if (options.ownerResend !== true && !(await withinBudget(accounts, user.email))) return false;
  const token = await issueToken(db, user.id, purpose);
  const link = `${accounts.publicUrl}${LINK_PATHS[purpose]}?token=${token}`;
  await queueAccountEmail(db, { kind: purpose, to: user.email, link, locale: user.locale });
  return true;
}

/** Tells the owner of `to` that someone tried to register it, pointing to the password reset. */
export async function mailAddressTaken(
  db: Kysely<Database>,
  accounts: AccountsContext,
  owner: { email: string; locale: Locale },
): Promise<boolean> {
  const to = owner.email;
  if (!(await withinBudget(accounts, to))) return false;
  await queueAccountEmail(db, {
    kind: 'account_exists',
    to,
    link: `${accounts.publicUrl}/forgot-password`,
    locale: owner.locale,
  });
  return true;
}
