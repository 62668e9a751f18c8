/**
 * Errors are values with names: a factory per kind, each with a stable `code` from the shared
 * contracts, turned into application/problem+json by one handler. 5xx answers never carry internals.
 */
import { ERROR_STATUS, type ErrorCode, type FieldError, type Problem } from '@iatichet/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { reportError } from './sentry.js';

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  challenge_failed: 'The proof-of-work solution is not valid',
  unauthenticated: 'Sign in required',
  invalid_credentials: 'Wrong email or password',
  payment_declined: 'The payment was declined',
  csrf_invalid: 'Missing or invalid CSRF token',
  forbidden: 'Not allowed',
  email_unverified: 'The email address is not verified yet',
  queue_required: 'A waiting-room pass is required',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  sold_out: 'Sold out',
  seats_taken: 'Seats already taken',
  hold_expired: 'The reservation hold has expired',
  refund_not_allowed: 'This reservation can no longer be refunded',
  event_not_on_sale: 'The event is not on sale',
  transfer_not_allowed: 'This ticket cannot be transferred',
  payload_too_large: 'The request body is too large',
  unsupported_media_type: 'Unsupported content type',
  limit_exceeded: 'Limit exceeded',
  sales_closed: 'Sales are closed',
  code_invalid: 'The code is not valid',
  queue_not_open: 'The waiting room is not open yet',
  rate_limited: 'Too many requests',
  hold_limit: 'Hold limit reached',
  internal: 'Internal error',
  payment_unavailable: 'The payment provider is unavailable',
  service_unavailable: 'Service temporarily unavailable',
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? TITLES[code]);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  toProblem(): Problem {
    const problem: Problem = { type: 'about:blank', title: TITLES[this.code], status: this.status, code: this.code };
    if (this.detail !== undefined) problem.detail = this.detail;
    if (this.errors !== undefined && this.errors.length > 0) problem.errors = this.errors;
    return { ...this.extensions, ...problem };
  }
}

export const errors = {
  validation: (detail: string, fieldErrors?: FieldError[]) => new AppError('validation_failed', detail, fieldErrors),
  unauthenticated: (detail = 'You need to sign in first.') => new AppError('unauthenticated', detail),
  invalidCredentials: () => new AppError('invalid_credentials', 'The email or password is wrong.'),
  /** Only said once the password was right: a stranger cannot learn which accounts are disabled. */
  accountDisabled: () =>
    new AppError('invalid_credentials', 'This account has been disabled; contact the organiser.', undefined, {
      reason: 'account_disabled',
    }),
  csrf: () => new AppError('csrf_invalid', 'Fetch a token from GET /api/auth/csrf and send it in the x-csrf-token header.'),
  forbidden: (detail = 'You do not have permission to do this.') => new AppError('forbidden', detail),
  emailUnverified: () =>
    new AppError('email_unverified', 'Confirm your email address first: open the link we emailed you, or ask for a new one.'),
  notFound: (what = 'resource') => new AppError('not_found', `No such ${what}.`),
  conflict: (detail: string) => new AppError('conflict', detail),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      'rate_limited',
      `Too many attempts; try again in ${retryAfterSeconds} s.`,
      undefined,
      {},
      {
        'retry-after': String(retryAfterSeconds),
      },
    ),
  unavailable: (detail = 'A backing service is unavailable; try again shortly.') => new AppError('service_unavailable', detail),
};

/** Connection-level failures of PostgreSQL or Redis: answer 503 fast instead of 500. */
export function isBackendUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      '57P01',
      '57P02',
      '57P03',
      '53300',
      '08006',
      '08001',
      '08003',
    ].includes(code) ||
    // "is not queryable": pg's answer to a query (such as the ROLLBACK after a failed statement) on a client whose connection broke.
    /Connection terminated|timeout exceeded when trying to connect|Connection is closed|connect ECONNREFUSED|database system is (starting up|shutting down)|max retries per request limit|is not queryable/i.test(
      message,
    )
  );
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    case 503:
      return 'service_unavailable';
    default:
      return status >= 500 ? 'internal' : 'validation_failed';
  }
}

/** Maps anything thrown in a request to an AppError; unknown errors become a bare 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (isBackendUnavailable(err)) return errors.unavailable();
  const fe = err as Partial<FastifyError>;
  if (Array.isArray(fe.validation)) {
    const where = fe.validationContext ?? 'body';
    const fieldErrors = fe.validation.map((v) => {
      const params: Record<string, unknown> = v.params;
      const missing = typeof params.missingProperty === 'string' ? `/${params.missingProperty}` : '';
      const extra = typeof params.additionalProperty === 'string' ? `/${params.additionalProperty}` : '';
      const pointer = `${v.instancePath}${missing}${extra}`;
      return { path: pointer === '' ? '/' : pointer, message: `${where}: ${v.message}` };
    });
    return errors.validation(`The ${where} is not valid.`, fieldErrors);
  }
  if (typeof fe.code === 'string' && fe.code.startsWith('FST_CSRF')) return errors.csrf();
  const status = typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status >= 500) return new AppError('internal', 'Something went wrong on our side.');
  const code = codeForStatus(status);
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
    return errors.validation('The request body is not valid JSON.');
  }
  if (code === 'payload_too_large') return new AppError(code, `The request body is larger than ${1024 * 1024} bytes.`);
  return new AppError(code, typeof fe.message === 'string' ? fe.message : undefined);
}

export function sendProblem(reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .code(error.status)
    .headers(error.headers)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(error.toProblem()));
}

/** Installs the error handler; every thrown value leaves as problem+json. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(err);
    if (appError.status >= 500) {
      request.log.error({ err }, 'request failed');
      if (appError.code === 'internal') reportError(err, request.auth?.user.id);
    } else request.log.info({ code: appError.code, detail: appError.detail }, 'request rejected');
    return sendProblem(reply, appError);
  });
}
