/**
 * Guessing codes (issue 18). A discount or access code is often a word an organizer chose
 * ("SUMMER"), so it can be guessed, on the event page (`?code=`) or in a hold. Each try is counted
 * before the lookup (so a burst of concurrent guesses cannot all pass a check none of them had
 * counted yet) and given back when the code works, so only misses stay counted: at most
 * CODE_MISSES per window, per account for holds and per client address for the event page, on top
 * of the global request budget. A buyer who mistypes a code a few times never meets it; a list of
 * 10,000 words takes one account or address over five days per event. Holds are counted per
 * account, not per address: a hundred buyers behind one address (a venue's wifi, a company)
 * opening the organizer's link together must not use up each other's tries.
 * In Redis when configured, so the count holds across instances.
 */
import type { Services } from '../platform/services.js';
import { errors } from '../platform/errors.js';
import {
  FallbackAttemptLimiter,
  MemoryAttemptLimiter,
  RedisAttemptLimiter,
  type AttemptLimiter,
  type LimitRule,
} from '../security/attempt-limiter.js';
import { clientKey } from '../security/client-key.js';

export const CODE_MISSES: LimitRule = { name: 'code-misses', max: 30, windowMs: 10 * 60 * 1000 };

export function codeGuessLimiter(services: Services): AttemptLimiter {
  const { redis, redisNamespace } = services;
  return redis
    ? new FallbackAttemptLimiter(
        redis,
        new RedisAttemptLimiter(redis, redisNamespace, CODE_MISSES),
        new MemoryAttemptLimiter(CODE_MISSES),
      )
    : new MemoryAttemptLimiter(CODE_MISSES);
}

/**
 * Counts one code try of an account (`user:<id>`) or a client address (throws 429 `rate_limited`
 * when over) and answers the function to call once the code proved to work: it then does not
 * count as a miss.
 */
export async function guardCodeTry(
  limiter: AttemptLimiter,
  by: { userId: string } | { ip: string },
): Promise<() => Promise<void>> {
  const key = 'userId' in by ? `user:${by.userId}` : `ip:${clientKey(by.ip)}`;
  const wait = await limiter.consume(key);
  if (wait > 0) throw errors.rateLimited(wait);
  return () => limiter.refund(key);
}
