/**
 * /api/auth routes that work through a mailed link: verify the email address (and send the link
 * again), and reset a forgotten password. Every bad, used or expired token gets the same 400.
 */
import {
  PasswordResetBodySchema,
  PasswordResetConfirmBodySchema,
  UserEnvelopeSchema,
  VerifyEmailBodySchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../platform/errors.js';
import { currentUser, requireUser } from '../security/auth.js';
import type { AccountsContext } from './accounts-context.js';
import { mailAccountLink } from './account-mail.js';
import { consumeToken, peekToken, revokeTokens } from './account-tokens.js';
import { hashPassword, passwordProblem } from './passwords.js';
import { findUserByEmail, findUserById, markEmailVerified, toPublicUser, updatePassword } from './users.js';

const tags = ['accounts'];
const NO_CONTENT = { 204: { type: 'null' } } as const;

function invalidLink() {
  const message = 'This link is not valid any more: it was used, it expired, or it was copied wrongly.';
  return errors.validation(message, [{ path: '/token', message }]);
}

export const emailLinkRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountsContext }> = (app, { accounts }) => {
  const db = app.services.database.db;

  app.post(
    '/verify-email',
    {
      schema: {
        tags,
        summary: 'Confirm an email address with the mailed token',
        body: VerifyEmailBodySchema,
        response: { 200: UserEnvelopeSchema },
      },
    },
    async (request) => {
      const userId = await db.transaction().execute(async (trx) => {
        const id = await consumeToken(trx, request.body.token, 'verify_email');
        if (id !== undefined) await markEmailVerified(trx, id);
        return id;
      });
      const user = userId === undefined ? undefined : await findUserById(db, userId);
      if (user === undefined) throw invalidLink();
      return { user: toPublicUser(user) };
    },
  );

  app.post(
    '/verify-email/resend',
    { onRequest: requireUser, schema: { tags, summary: 'Send the verification link again (3 an hour)', response: NO_CONTENT } },
    async (request, reply) => {
      const user = currentUser(request);
      if (user.email_verified === 1) return reply.code(204).send(null);
      const wait = await accounts.verificationResends.consume(user.id);
      if (wait > 0) throw errors.rateLimited(wait);
      await db.transaction().execute((trx) => mailAccountLink(trx, accounts, user, 'verify_email', { ownerResend: true }));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/password-reset',
    {
      schema: {
        tags,
        summary: 'Mail a password-reset link (204 for any address)',
        body: PasswordResetBodySchema,
        response: NO_CONTENT,
      },
    },
    async (request, reply) => {
      const user = await findUserByEmail(db, request.body.email);
      if (user !== undefined && user.disabled === 0) {
        await db.transaction().execute((trx) => mailAccountLink(trx, accounts, user, 'password_reset'));
      }
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      schema: {
        tags,
        summary: 'Set a new password with the mailed token; every session ends',
        body: PasswordResetConfirmBodySchema,
        response: NO_CONTENT,
      },
    },
    async (request, reply) => {
      const { token, newPassword } = request.body;
      // Looked at, not used up, until the new password is known to be acceptable: a weak one
      // must not cost the person their link.
      const peeked = await peekToken(db, token, 'password_reset');
      const user = peeked === undefined ? undefined : await findUserById(db, peeked);
      if (user === undefined) throw invalidLink();
      const weak = passwordProblem(newPassword, { email: user.email, name: user.name });
      if (weak !== undefined) throw errors.validation(weak, [{ path: '/newPassword', message: weak }]);
      const passwordHash = await hashPassword(newPassword);
      const changed = await db.transaction().execute(async (trx) => {
        if ((await consumeToken(trx, token, 'password_reset')) !== user.id) return false;
        // The link came to this address: it is proven, as a verification link would have.
        await updatePassword(trx, user.id, passwordHash, { verified: true });
        await revokeTokens(trx, user.id, 'password_reset');
        return true;
      });
      if (!changed) throw invalidLink();
      await accounts.sessions.revokeUser(user.id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
