/**
 * Error monitoring with Sentry when SENTRY_DSN is set. Events carry the user id and nothing that
 * could be a secret: cookies, auth headers, passwords, tokens and card numbers are scrubbed.
 */
// Loaded only when SENTRY_DSN is set: the SDK takes over a second to import.
import type * as SentryModule from '@sentry/node';
import type { Config } from '../config/config.js';

const SECRET_KEY = /pass(word)?|secret|token|cookie|authorization|csrf|card|cvc|cvv|session|api[-_]?key/i;
const CARD_NUMBER = /\b(?:\d[ -]?){13,19}\b/g;

function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (typeof value === 'string') return value.replace(CARD_NUMBER, '[card]');
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1),
      ]),
    );
  }
  return value;
}

/** Sentry's beforeSend: drops secrets from the request, extra data and breadcrumbs; keeps only the user id. */
export function scrubEvent<T extends SentryModule.ErrorEvent>(event: T): T {
  const out = { ...event };
  if (out.request) {
    const { cookies: _cookies, data, headers, ...rest } = out.request;
    out.request = {
      ...rest,
      ...(headers ? { headers: scrub(headers) as Record<string, string> } : {}),
      ...(data !== undefined ? { data: scrub(data) } : {}),
    };
    if (typeof out.request.query_string === 'string') out.request.query_string = scrub(out.request.query_string) as string;
  }
  if (out.user) out.user = out.user.id !== undefined ? { id: out.user.id } : {};
  if (out.extra) out.extra = scrub(out.extra) as Record<string, unknown>;
  if (out.contexts) out.contexts = scrub(out.contexts) as typeof out.contexts;
  if (out.breadcrumbs) out.breadcrumbs = scrub(out.breadcrumbs) as typeof out.breadcrumbs;
  if (typeof out.message === 'string') out.message = scrub(out.message) as string;
  return out;
}

let sentry: typeof SentryModule | undefined;

export async function initSentry(config: Pick<Config, 'sentryDsn' | 'nodeEnv'>): Promise<void> {
  if (config.sentryDsn === undefined || sentry !== undefined) return;
  const loaded = await import('@sentry/node');
  loaded.init({ dsn: config.sentryDsn, environment: config.nodeEnv, beforeSend: (event) => scrubEvent(event) });
  sentry = loaded;
}

export function reportError(err: unknown, userId: string | undefined): void {
  if (sentry === undefined) return;
  sentry.withScope((scope) => {
    if (userId !== undefined) scope.setUser({ id: userId });
    sentry?.captureException(err);
  });
}
