/**
 * Registration without enumeration: a new address gets an account (unverified) and a verification
 * link; a taken one gets nothing created and its owner a notice. The caller is told the same either
 * way, and both paths cost the same argon2 hash before they part.
 */
import type { Locale } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AccountsContext } from './accounts-context.js';
import { mailAccountLink, mailAddressTaken } from './account-mail.js';
import { findUserByEmail, insertUser, isUniqueViolation, type UserRow } from './users.js';

export interface NewAccount {
  email: string;
  name: string;
  passwordHash: string;
  locale: Locale;
}

/** The new user, or undefined when the address already had an account (its owner was mailed). */
export async function registerAccount(
  db: Kysely<Database>,
  accounts: AccountsContext,
  input: NewAccount,
): Promise<UserRow | undefined> {
  try {
    // The link's token and its email are written with the account: all three exist, or none.
    return await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, input);
      await mailAccountLink(trx, accounts, user, 'verify_email');
      return user;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  const owner = await findUserByEmail(db, input.email);
  if (owner !== undefined) await mailAddressTaken(db, accounts, owner);
  return undefined;
}
