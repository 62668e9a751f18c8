/**
 * Bearer auth for API tokens (API.md "API tokens"): `Authorization: Bearer iat_...` on an /api
 * request acts as the token's creator, with role 'user' and the token's organizer and scopes.
 *
 * Why the rules below:
 * - A bearer request skips CSRF (http-security.ts): a browser never attaches an Authorization
 *   header on its own, and CORS does not allow a foreign page to send one. That holds only if a
 *   request that carries a bearer header is either authenticated by it or refused, never served
 *   as anonymous or as the session, so an unknown token, a revoked one and a bearer sent together
 *   with a session cookie are all 401 here.
 * - Tokens reach only the routes that opt in (`config: { apiToken: true }`): elsewhere they would
 *   act as their creator on the account, buyer and admin routes, which no scope grants.
 * - The budget is counted per token before the database is asked, so a flood past it costs
 *   no query; last_used_at is written at most once a minute per token, not on every request.
 */
import { createHash } from 'node:crypto';
import { API_TOKEN_PREFIX } from '@iatichet/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import type { RateLimitStore } from './rate-limit-store.js';
import type { Auth, AuthUser } from './auth.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** true: this route accepts API tokens (it checks their organizer and scope itself). */
    apiToken?: boolean;
  }
}

/** What the auth hook needs to know of a token; organizers/api-tokens.ts finds it by hash. */
export interface ApiTokenRecord {
  id: string;
  organizerId: string;
  scopes: string[];
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/**
 * The token store as the security layer sees it (organizers/api-tokens.ts implements it;
 * security sits below organizers, so it names the shape instead of importing it).
 */
export interface ApiTokenResolver {
  /** The token with this hash and its creator; undefined when either is gone. */
  findByHash(db: Kysely<Database>, hash: string): Promise<{ token: ApiTokenRecord; user: AuthUser } | undefined>;
  /** Sets last_used_at to `at` unless another request already did since `staleBefore`. */
  markUsed(db: Kysely<Database>, tokenId: string, at: string, staleBefore: string): Promise<void>;
}

export interface BearerOptions {
  tokens: ApiTokenResolver;
  store: RateLimitStore;
  perMinute: number;
}

const WINDOW_MS = 60_000;
/** last_used_at is "when it was last used, to the minute": one write a minute per token at most. */
const LAST_USED_GRANULARITY_MS = 60_000;
/** "iat_" and 32 random bytes in base64url (43 characters). */
const TOKEN_SHAPE = new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);
const BEARER = /^bearer(?:\s+(.*))?$/i;

/** The SHA-256 (hex) under which a token's secret is stored and looked up. */
export function hashApiToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The bearer credential of a request: undefined without one, '' when the header names no token. */
export function bearerCredential(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = BEARER.exec(header.trim());
  return match === null ? undefined : (match[1] ?? '').trim();
}

const refused = (key: string) => AppError.worded('unauthenticated', { key });

/**
 * Authenticates a bearer request or throws: 401 for anything but a live token of an enabled
 * account, 429 past the token's budget, 503 when the database cannot be asked, 403 on a route
 * that does not take tokens.
 */
export async function authenticateBearer(
  db: Kysely<Database>,
  options: BearerOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  secret: string,
  hasSession: boolean,
): Promise<Auth> {
  if (hasSession) throw refused('errors.detail.bearerWithSession');
  if (!TOKEN_SHAPE.test(secret)) throw errors.unauthenticated();
  const hash = hashApiToken(secret);
  await countRequest(options, reply, hash);

  let found: Awaited<ReturnType<ApiTokenResolver['findByHash']>>;
  try {
    found = await options.tokens.findByHash(db, hash);
  } catch (err) {
    request.log.warn({ err }, 'api token lookup failed');
    throw errors.unavailable();
  }
  if (found === undefined || found.token.revokedAt !== null) throw errors.unauthenticated();
  const { token, user } = found;
  if (user.disabled === 1) throw errors.unauthenticated();
  // A route that matched but does not take tokens; an unknown path goes on to its 404.
  if (request.routeOptions.url !== undefined && request.routeOptions.config.apiToken !== true) {
    throw AppError.worded('forbidden', { key: 'errors.detail.tokenNotAllowed' });
  }

  const now = Date.now();
  if (token.lastUsedAt === null || Date.parse(token.lastUsedAt) <= now - LAST_USED_GRANULARITY_MS) {
    const at = new Date(now).toISOString();
    const staleBefore = new Date(now - LAST_USED_GRANULARITY_MS).toISOString();
    await options.tokens.markUsed(db, token.id, at, staleBefore).catch((err: unknown) => {
      request.log.warn({ err }, 'api token last-used update failed');
    });
  }
  return {
    // The creator's site role never reaches a token: what it may do is its organizer and scopes.
    user: { ...user, role: 'user' },
    token: '',
    apiToken: { id: token.id, organizerId: token.organizerId, scopes: token.scopes },
  };
}

/** One more request in the token's window; past the budget a 429 with Retry-After. */
function countRequest(options: BearerOptions, reply: FastifyReply, hash: string): Promise<void> {
  return new Promise((resolve, reject) => {
    options.store.incr(`tok:${hash}`, WINDOW_MS, (current, ttl) => {
      if (current <= options.perMinute) {
        resolve();
        return;
      }
      const resetSeconds = Math.max(1, Math.ceil(ttl / 1000));
      void reply.header('x-ratelimit-limit', String(options.perMinute));
      void reply.header('x-ratelimit-remaining', '0');
      void reply.header('x-ratelimit-reset', String(resetSeconds));
      reject(errors.rateLimited(resetSeconds));
    });
  });
}

/**
 * Opens every route this plugin registers after the call to API tokens. Their handlers judge the
 * token's organizer and scope through organizers/access.ts, which refuses a token wherever no
 * scope is named; routes of other plugins keep refusing tokens outright.
 */
export function acceptApiTokens(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...route.config, apiToken: true };
    // The root's onRoute hook (auth.ts) ran before this one: name the token in the OpenAPI doc here.
    route.schema = { ...route.schema, security: [{ bearer: [] }, { session: [] }] };
  });
}
