/**
 * Who is calling: resolves the session cookie to a user on every API request, and the guards that
 * routes declare. A disabled account's session stops working at its next request.
 */
import type { Role } from '@iatichet/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../db/schema.js';
import { runAsToken } from '../platform/acting-token.js';
import { errors } from '../platform/errors.js';
import { isApiRequest } from './request-path.js';
import { authenticateBearer, bearerCredential, type BearerOptions } from './bearer-auth.js';

export const SESSION_COOKIE = 'iat_session';

/** The signed-in user's row (accounts/users.ts calls the same type UserRow). */
export type AuthUser = Selectable<UsersTable>;

/** An API token acting for one organizer within its scopes (API.md "API tokens"). */
export interface ApiTokenAuth {
  id: string;
  organizerId: string;
  scopes: readonly string[];
}

export interface Auth {
  /**
   * The signed-in user. For a bearer token: the token's creator with role 'user', so that a site
   * role never reaches an API token; the token's own rights are in `apiToken`.
   */
  user: AuthUser;
  /** The session token (empty for a bearer token). */
  token: string;
  apiToken?: ApiTokenAuth;
}

/**
 * What resolving a session cookie needs of the session store, whose records stay opaque here.
 * accounts/sessions.ts implements it; security sits below accounts (eslint.config.js), so it
 * names the shape it needs rather than importing the store.
 */
export interface SessionResolver<Session extends { userId: string }> {
  findWithUser(token: string, db: Kysely<Database>): Promise<{ record: Session; user: AuthUser | undefined } | undefined>;
  touch(record: Session): Promise<void>;
  revokeUser(userId: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
    /** The session store (the database) could not be asked: the caller may be signed in, we cannot tell. */
    sessionUnavailable: boolean;
  }
  interface FastifyContextConfig {
    /**
     * false: the route answers everyone alike, so a session cookie is not looked up for it (the
     * waiting room's puzzle, fetched by a crowd at an on-sale's opening).
     */
    caller?: boolean;
  }
}

export function registerAuth<Session extends { userId: string }>(
  app: FastifyInstance,
  sessions: SessionResolver<Session>,
  bearer?: BearerOptions,
): void {
  app.decorateRequest('auth', null);
  app.decorateRequest('sessionUnavailable', false);
  // A token's request is handled as that token, so that its audit rows name it (platform/acting-token.ts).
  app.addHook('preHandler', (request, _reply, done) => {
    const tokenId = request.auth?.apiToken?.id;
    if (tokenId === undefined) done();
    else runAsToken(tokenId, done);
  });
  // Callback style: a request without a session cookie (most public reads) costs no promise.
  app.addHook('onRequest', (request, reply, done) => {
    const secret = request.headers.authorization === undefined ? undefined : bearerCredential(request);
    if (secret !== undefined && isApiRequest(request)) {
      // A bearer request is the token's or refused, never anonymous: it skipped CSRF for that.
      const cookie = request.cookies[SESSION_COOKIE];
      if (bearer === undefined) {
        done(errors.unauthenticated());
        return;
      }
      authenticateBearer(app.services.database.db, bearer, request, reply, secret, cookie !== undefined && cookie !== '').then(
        (auth) => {
          request.auth = auth;
          request.userLocale = auth.user.locale;
          done();
        },
        done,
      );
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '' || !isApiRequest(request) || request.routeOptions.config.caller === false) {
      done();
      return;
    }
    authenticate(app, sessions, request, token).then(() => done(), done);
  });
  // The OpenAPI document names the routes that take a token (security/bearer-auth.ts).
  app.addHook('onRoute', (route) => {
    if (route.config?.apiToken === true) route.schema = { ...route.schema, security: [{ bearer: [] }, { session: [] }] };
  });
  // A token's answers set no cookies (no session, no CSRF secret): its client is not a browser.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.headers.authorization !== undefined && bearerCredential(request) !== undefined) reply.removeHeader('set-cookie');
    done(null, payload);
  });
}

async function authenticate<Session extends { userId: string }>(
  app: FastifyInstance,
  sessions: SessionResolver<Session>,
  request: FastifyRequest,
  token: string,
) {
  let found: Awaited<ReturnType<SessionResolver<Session>['findWithUser']>>;
  try {
    found = await sessions.findWithUser(token, app.services.database.db);
  } catch (err) {
    // The database down: public routes keep serving what they can; the guards answer 503, not 401.
    request.log.warn({ err }, 'session store unavailable');
    request.sessionUnavailable = true;
    return;
  }
  if (found === undefined) return;
  const { record: session, user } = found;
  if (user === undefined || user.disabled === 1) {
    await sessions.revokeUser(session.userId);
    return;
  }
  await sessions.touch(session).catch((err: unknown) => request.log.warn({ err }, 'session touch failed'));
  request.auth = { user, token };
  request.userLocale = user.locale;
}

function anonymous(request: FastifyRequest) {
  return request.sessionUnavailable
    ? errors.unavailable('Signing in is briefly unavailable; try again shortly.')
    : errors.unauthenticated();
}

/** The signed-in user, or a 401 (a 503 while the session store is unreachable). */
export function currentUser(request: FastifyRequest): AuthUser {
  if (request.auth === null) throw anonymous(request);
  return request.auth.user;
}

/** Route guard: signed in with one of these roles; 401 when anonymous, 403 otherwise. */
export function requireRole(...roles: Role[]) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.auth === null) {
      done(anonymous(request));
      return;
    }
    if (roles.length > 0 && !roles.includes(request.auth.user.role)) {
      done(errors.forbidden());
      return;
    }
    done();
  };
}

export const requireUser = requireRole();
export const requireAdmin = requireRole('admin');
export const requireStaff = requireRole('staff', 'admin');
