/**
 * Every password check (sign-in, or the current password of a change) is counted on its limits
 * before argon2 runs, and only given back once it proved right: a burst of concurrent guesses
 * gets exactly as many checks as the limit allows, never one more.
 */
import { errors } from '../platform/errors.js';
import type { AttemptLimiter } from '../security/attempt-limiter.js';
import { clientKey } from '../security/client-key.js';
import type { AccountsContext } from './accounts-context.js';

export interface CountedAttempt {
  /** The password was right: this attempt was no failure, and this address is trusted again. */
  succeeded(): Promise<void>;
}

/**
 * Counts one attempt for `accountKey` from `ip`; throws 429 rate_limited when a limit is over.
 * The pair is counted first: an address already locked out of an account spends nothing of the
 * account's global budget, so locking the owner out everywhere takes 10 addresses, not one.
 */
export async function countPasswordAttempt(
  accounts: AccountsContext,
  accountKey: string,
  ip: string,
  options: { perAddress: boolean },
): Promise<CountedAttempt> {
  const address = clientKey(ip); // an IPv6 /64 is one address, as for every per-address limit
  const pair = `${accountKey}|${address}`;
  const limits: [AttemptLimiter, string][] = [[accounts.loginFailuresByPair, pair]];
  if (options.perAddress) limits.push([accounts.loginFailuresByIp, address]);
  limits.push([accounts.loginFailuresByAccount, accountKey]);
  for (const [limiter, key] of limits) {
    const wait = await limiter.consume(key);
    if (wait > 0) throw errors.rateLimited(wait);
  }
  return {
    async succeeded() {
      await Promise.all(limits.map(([limiter, key]) => (key === pair ? limiter.reset(key) : limiter.refund(key))));
    },
  };
}
