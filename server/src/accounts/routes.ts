/** /api/auth: register, sign in and out, who am I (and edit it), change password, and the CSRF token. */
import {
  CsrfTokenSchema,
  LoginBodySchema,
  PasswordChangeBodySchema,
  ProfilePatchSchema,
  RegisterAnswerSchema,
  RegisterBodySchema,
  SessionEnvelopeSchema,
  UserEnvelopeSchema,
  nameProblem,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../platform/errors.js';
import { localeFromAcceptLanguage } from '../platform/i18n.js';
import { SESSION_COOKIE, currentUser, requireUser } from '../security/auth.js';
import { clientKey } from '../security/client-key.js';
import { isSecureContext } from '../security/http-security.js';
import type { AccountsContext } from './accounts-context.js';
import { decoyPasswordHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { countPasswordAttempt } from './password-attempts.js';
import { SESSION_ABSOLUTE_MS } from './sessions.js';
import { revokeTokens } from './account-tokens.js';
import { emailLinkRoutes } from './email-routes.js';
import { registerAccount } from './registration.js';
import { findUserByEmail, normalizeEmail, toPublicUser, updatePassword, updateProfile } from './users.js';

const tags = ['accounts'];

/** The trimmed name, or a 400 on `path` naming what is wrong with it. */
function acceptableName(raw: string, path = '/name'): string {
  const name = raw.trim();
  const problem = nameProblem(name);
  if (problem !== undefined) throw errors.validation(problem, [{ path, message: problem }]);
  return name;
}

export const accountRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountsContext }> = (app, { accounts }) => {
  const secure = isSecureContext(app.services);
  // The mailed-link routes (verify email, reset password) share this prefix and context.
  void app.register(emailLinkRoutes, { accounts });

  async function startSession(request: FastifyRequest, reply: FastifyReply, userId: string): Promise<void> {
    // A new session id at every sign-in; whatever session the browser had is ended.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous !== undefined && previous !== '') await accounts.sessions.revoke(previous);
    const { token } = await accounts.sessions.create(userId, {
      userAgent: request.headers['user-agent'] ?? null,
      ip: request.ip,
    });
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
  }

  app.get(
    '/csrf',
    { schema: { tags, summary: 'A CSRF token for the x-csrf-token header', response: { 200: CsrfTokenSchema } } },
    (_request, reply) => {
      void reply.header('cache-control', 'no-store');
      return { token: reply.generateCsrf() };
    },
  );

  app.post(
    '/register',
    {
      schema: {
        tags,
        summary: 'Create an account and sign in (unverified); a taken address is answered alike and its owner mailed',
        body: RegisterBodySchema,
        response: { 201: RegisterAnswerSchema },
      },
    },
    async (request, reply) => {
      // Counted before anything else, so concurrent registrations cannot all pass an uncounted check.
      const wait = await accounts.registrations.consume(clientKey(request.ip));
      if (wait > 0) throw errors.rateLimited(wait);
      const { email, password } = request.body;
      const name = acceptableName(request.body.name);
      const weak = passwordProblem(password, { email, name });
      if (weak !== undefined) throw errors.validation(weak, [{ path: '/password', message: weak }]);
      const user = await registerAccount(app.services.database.db, accounts, {
        email,
        name,
        passwordHash: await hashPassword(password),
        // Asked for, else the browser's by quality, else DEFAULT_LOCALE: the verification email's language.
        locale:
          request.body.locale ??
          localeFromAcceptLanguage(request.headers['accept-language']) ??
          app.services.config.defaultLocale,
      });
      if (user === undefined) return reply.code(201).send({ user: null, verificationSent: true });
      await startSession(request, reply, user.id);
      return reply.code(201).send({ user: toPublicUser(user), verificationSent: true });
    },
  );

  app.post(
    '/login',
    { schema: { tags, summary: 'Sign in', body: LoginBodySchema, response: { 200: UserEnvelopeSchema } } },
    async (request, reply) => {
      const attempt = await countPasswordAttempt(accounts, normalizeEmail(request.body.email), request.ip, { perAddress: true });
      const user = await findUserByEmail(app.services.database.db, request.body.email);
      const valid = await verifyPassword(user?.password_hash ?? (await decoyPasswordHash()), request.body.password);
      if (user === undefined || !valid) throw errors.invalidCredentials();
      await attempt.succeeded();
      if (user.disabled === 1) throw errors.accountDisabled();
      await startSession(request, reply, user.id);
      return { user: toPublicUser(user) };
    },
  );

  app.post('/logout', { schema: { tags, summary: 'Sign out', response: { 204: { type: 'null' } } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token !== undefined && token !== '') await accounts.sessions.revoke(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    return reply.code(204).send(null);
  });

  // Who is signed in, with a visitor as an answer rather than an error: the web app asks on every
  // page, and a 401 there is a console error for every signed-out visitor. /me keeps its 401.
  app.get(
    '/session',
    { schema: { tags, summary: 'The signed-in user, or null for a visitor', response: { 200: SessionEnvelopeSchema } } },
    (request) => {
      if (request.auth !== null) return { user: toPublicUser(request.auth.user) };
      if (request.sessionUnavailable) throw errors.unavailable('Signing in is briefly unavailable; try again shortly.');
      return { user: null };
    },
  );

  app.get(
    '/me',
    { onRequest: requireUser, schema: { tags, summary: 'The signed-in user', response: { 200: UserEnvelopeSchema } } },
    (request) => ({
      user: toPublicUser(currentUser(request)),
    }),
  );

  app.patch(
    '/me',
    {
      onRequest: requireUser,
      schema: { tags, summary: 'Change your name or language', body: ProfilePatchSchema, response: { 200: UserEnvelopeSchema } },
    },
    async (request) => {
      const user = currentUser(request);
      const name = request.body.name === undefined ? undefined : acceptableName(request.body.name);
      const updated = await updateProfile(app.services.database.db, user.id, { name, locale: request.body.locale });
      if (updated === undefined) throw errors.unauthenticated();
      return { user: toPublicUser(updated) };
    },
  );

  app.post(
    '/password',
    {
      onRequest: requireUser,
      schema: {
        tags,
        summary: 'Change your password; your other sessions end',
        body: PasswordChangeBodySchema,
        response: { 204: { type: 'null' } },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const attempt = await countPasswordAttempt(accounts, user.email_normalized, request.ip, { perAddress: false });
      if (!(await verifyPassword(user.password_hash, request.body.currentPassword))) {
        throw errors.validation('The current password is wrong.', [
          { path: '/currentPassword', message: 'The current password is wrong.' },
        ]);
      }
      await attempt.succeeded();
      const weak = passwordProblem(request.body.newPassword, { email: user.email, name: user.name });
      if (weak !== undefined) throw errors.validation(weak, [{ path: '/newPassword', message: weak }]);
      const passwordHash = await hashPassword(request.body.newPassword);
      await updatePassword(app.services.database.db, user.id, passwordHash);
      // Reset links mailed before the change would undo it: they end with it.
      await revokeTokens(app.services.database.db, user.id, 'password_reset');
      await accounts.sessions.revokeUser(user.id, request.auth?.token);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
