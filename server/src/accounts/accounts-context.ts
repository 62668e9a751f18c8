/** What the account routes share: the session store and the sign-in and registration limiters. */
import type { Services } from '../platform/services.js';
import {
  FallbackAttemptLimiter,
  MemoryAttemptLimiter,
  RedisAttemptLimiter,
  type AttemptLimiter,
  type LimitRule,
} from '../security/attempt-limiter.js';
import { DatabaseSessionStore, type SessionStore } from './sessions.js';

export interface AccountsContext {
  sessions: SessionStore;
  /**
   * Failed sign-ins (and wrong current passwords), then 429 even for the right password: 5 per 15
   * minutes per account-and-address pair, so an attacker cannot lock the owner out from elsewhere;
   * 50 per hour per account from all addresses together (API.md). Against one address spraying
   * many accounts, also 100 per 15 minutes per address over all accounts it tries: high enough that
   * a crowd behind one NAT (a venue's Wi-Fi) mistyping now and then locks nobody out.
   */
  loginFailuresByPair: AttemptLimiter;
  loginFailuresByAccount: AttemptLimiter;
  loginFailuresByIp: AttemptLimiter;
  /** Registrations: 10 per hour per IP. */
  registrations: AttemptLimiter;
  /** Verification emails sent again on request: 3 per hour per account. */
  verificationResends: AttemptLimiter;
  /** Account emails (links, notices) but the owner's verification resend: 5 per hour per recipient address. */
  accountMail: AttemptLimiter;
  /** Where mailed links point (PUBLIC_URL). */
  publicUrl: string;
}

const LOGIN_PAIR: LimitRule = { name: 'login-pair', max: 5, windowMs: 15 * 60 * 1000 };
const LOGIN_ACCOUNT: LimitRule = { name: 'login-account', max: 50, windowMs: 60 * 60 * 1000 };
const LOGIN_IP: LimitRule = { name: 'login-ip', max: 100, windowMs: 15 * 60 * 1000 };
const REGISTER_IP: LimitRule = { name: 'register-ip', max: 10, windowMs: 60 * 60 * 1000 };
const VERIFY_RESEND: LimitRule = { name: 'verify-resend', max: 3, windowMs: 60 * 60 * 1000 };
/** How long an address's mail budget (ACCOUNT_MAIL) takes to come back whole. */
export const ACCOUNT_MAIL_WINDOW_SECONDS = 60 * 60;
const ACCOUNT_MAIL: LimitRule = { name: 'account-mail', max: 5, windowMs: ACCOUNT_MAIL_WINDOW_SECONDS * 1000 };

/** Where sessions live: always the database, so that Redis is never their only copy (sessions.ts). */
export function createSessionStore(services: Services): SessionStore {
  return new DatabaseSessionStore(services.database.db);
}

export function createAccountsContext(services: Services, namespace: string): AccountsContext {
  const { redis } = services;
  const limiter = (rule: LimitRule): AttemptLimiter =>
    redis
      ? new FallbackAttemptLimiter(redis, new RedisAttemptLimiter(redis, namespace, rule), new MemoryAttemptLimiter(rule))
      : new MemoryAttemptLimiter(rule);
  return {
    sessions: createSessionStore(services),
    loginFailuresByPair: limiter(LOGIN_PAIR),
    loginFailuresByAccount: limiter(LOGIN_ACCOUNT),
    loginFailuresByIp: limiter(LOGIN_IP),
    registrations: limiter(REGISTER_IP),
    verificationResends: limiter(VERIFY_RESEND),
    accountMail: limiter(ACCOUNT_MAIL),
    publicUrl: services.config.publicUrl,
  };
}
