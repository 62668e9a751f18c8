/**
 * Who may read /metrics. The numbers describe the whole site (traffic, errors, memory), so by
 * default only the machine itself may ask: the TCP peer must be a loopback address. That is the
 * socket's own address, never X-Forwarded-For or request.ip, which a client can write when
 * proxies are trusted. With METRICS_TOKEN set, a scraper anywhere sends it as a bearer token
 * instead, and then loopback alone is not enough.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors } from './errors.js';

const BEARER = /^Bearer +(\S+)$/i;

export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || address === '::1';
}

/** Compares digests, so neither the time taken nor a length check tells how much of the token was right. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A preHandler for the /metrics route: 403 problem+json for anyone not allowed. */
export function metricsAccess(token: string | undefined) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    let allowed: boolean;
    if (token === undefined) {
      allowed = isLoopback(request.socket.remoteAddress);
    } else {
      const given = BEARER.exec(request.headers.authorization ?? '')?.[1];
      allowed = given !== undefined && sameSecret(given, token);
    }
    done(allowed ? undefined : errors.forbidden('Metrics are served to the local machine or with the metrics token only.'));
  };
}
