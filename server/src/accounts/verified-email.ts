/**
 * Route guard for what only a proven address may do (holding tickets): a squatter who registered
 * someone else's address cannot buy in their name. Runs after requireUser.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../platform/errors.js';

export function requireVerifiedEmail(request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void {
  const user = request.auth?.user;
  if (user !== undefined && user.email_verified !== 1) {
    done(errors.emailUnverified());
    return;
  }
  done();
}
