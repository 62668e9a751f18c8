/**
 * Who is calling: resolves the session cookie to a user on every API request, and the guards that
 * routes declare. A disabled account's session stops working at its next request.
 */
import type { Role } from '@iatichet/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findUserById, type UserRow } from '../accounts/users.js';
import type { SessionRecord, SessionStore } from '../accounts/sessions.js';
import { errors } from '../platform/errors.js';

export const SESSION_COOKIE = 'iat_session';

export interface Auth {
  user: UserRow;
  session: SessionRecord;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: Auth | null;
  }
}

export function registerAuth(app: FastifyInstance, sessions: SessionStore): void {
  app.decorateRequest('auth', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token === undefined || token === '' || !request.url.startsWith('/api/')) return;
    const session = await sessions.find(token);
    if (session === undefined) return;
    const user = await findUserById(app.services.database.db, session.userId);
    if (user === undefined || user.disabled === 1) {
      await sessions.revokeUser(session.userId);
      return;
    }
    await sessions.touch(session);
    request.auth = { user, session, token };
  });
}

/** The signed-in user, or a 401. */
export function currentUser(request: FastifyRequest): UserRow {
  if (request.auth === null) throw errors.unauthenticated();
  return request.auth.user;
}

/** Route guard: signed in with one of these roles; 401 when anonymous, 403 otherwise. */
export function requireRole(...roles: Role[]) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.auth === null) {
      done(errors.unauthenticated());
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
