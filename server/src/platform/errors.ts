/**
 * Errors are values with names: a factory per kind, each with a stable `code` from the shared
 * contracts, turned into application/problem+json by one handler. 5xx answers never carry internals.
 */
import { ERROR_STATUS, LIMITS, type ErrorCode, type FieldError, type Locale, type Problem } from '@iatichet/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasKey, requestLocale, translate } from './i18n.js';
import { reportError } from './sentry.js';

/** A sentence of the catalogues (platform/locales) with its parameters, rendered in the reader's language. */
export interface Words {
  key: string;
  params?: Record<string, unknown>;
}

const title = (code: ErrorCode, locale: Locale) => translate(locale, `errors.title.${code}`);

/**
 * An error answer. `detail` is English text (from code that has no catalogue sentence for it);
 * `words` and field errors with `words` are rendered in the caller's language by toProblem.
 * The `code` never changes with the language: it is the API contract.
 */
export class AppError extends Error {
  readonly status: number;
  words: Words | undefined;
  fieldWords: (Words & { path: string })[] | undefined;
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title(code, 'en'));
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }

  /** Gives the detail (and field messages) as catalogue sentences; `detail` stays their English text. */
  static worded(code: ErrorCode, words: Words, fields?: (Words & { path: string })[], headers: Record<string, string> = {}) {
    const error = new AppError(
      code,
      translate('en', words.key, words.params),
      fields?.map((f) => ({ path: f.path, message: translate('en', f.key, f.params) })),
      {},
      headers,
    );
    error.words = words;
    error.fieldWords = fields;
    return error;
  }

  toProblem(locale: Locale = 'en'): Problem {
    const problem: Problem = { type: 'about:blank', title: title(this.code, locale), status: this.status, code: this.code };
    const detail = this.words === undefined ? this.detail : translate(locale, this.words.key, this.words.params);
    if (detail !== undefined) problem.detail = detail;
    const fieldErrors =
      this.fieldWords === undefined
        ? this.errors
        : this.fieldWords.map((f) => ({ path: f.path, message: translate(locale, f.key, f.params) }));
    if (fieldErrors !== undefined && fieldErrors.length > 0) problem.errors = fieldErrors;
    return { ...this.extensions, ...problem };
  }
}

const worded = (code: ErrorCode, key: string, params?: Record<string, unknown>) => AppError.worded(code, { key, params });

export const errors = {
  validation: (detail: string, fieldErrors?: FieldError[]) => new AppError('validation_failed', detail, fieldErrors),
  /** A validation error in catalogue sentences: `key` for the detail, each field with its own. */
  invalid: (key: string, fields: (Words & { path: string })[], params?: Record<string, unknown>) =>
    AppError.worded('validation_failed', { key, params }, fields),
  unauthenticated: (detail?: string) =>
    detail === undefined ? worded('unauthenticated', 'errors.detail.unauthenticated') : new AppError('unauthenticated', detail),
  invalidCredentials: () => worded('invalid_credentials', 'errors.detail.invalidCredentials'),
  /** Only said once the password was right: a stranger cannot learn which accounts are disabled. */
  accountDisabled: () => {
    const error = new AppError('invalid_credentials', translate('en', 'errors.detail.accountDisabled'), undefined, {
      reason: 'account_disabled',
    });
    error.words = { key: 'errors.detail.accountDisabled' };
    return error;
  },
  csrf: () => worded('csrf_invalid', 'errors.detail.csrf'),
  forbidden: (detail?: string) =>
    detail === undefined ? worded('forbidden', 'errors.detail.forbidden') : new AppError('forbidden', detail),
  emailUnverified: () => worded('email_unverified', 'errors.detail.emailUnverified'),
  notFound: (what = 'resource') =>
    worded('not_found', hasKey(`errors.notFound.${what}`) ? `errors.notFound.${what}` : 'errors.notFound.resource'),
  conflict: (detail: string) => new AppError('conflict', detail),
  rateLimited: (retryAfterSeconds: number) =>
    AppError.worded('rate_limited', { key: 'errors.detail.rateLimited', params: { count: retryAfterSeconds } }, undefined, {
      'retry-after': String(retryAfterSeconds),
    }),
  unavailable: (detail?: string) =>
    detail === undefined
      ? worded('service_unavailable', 'errors.detail.unavailable')
      : new AppError('service_unavailable', detail),
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

/**
 * Maps anything thrown in a request to an AppError; unknown errors become a bare 500. `bodyLimit`:
 * the route's own request size limit, which a 413 names (the app's LIMITS.bodyBytes otherwise).
 */
export function toAppError(err: unknown, bodyLimit: number = LIMITS.bodyBytes): AppError {
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
  if (status >= 500) return worded('internal', 'errors.detail.internal');
  const code = codeForStatus(status);
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err instanceof SyntaxError) {
    return worded('validation_failed', 'errors.detail.invalidJson');
  }
  if (code === 'payload_too_large') return worded(code, 'errors.detail.tooLarge', { bytes: bodyLimit });
  return new AppError(code, typeof fe.message === 'string' ? fe.message : undefined);
}

/** Sends the error as problem+json in the caller's language (`fallback` when the request names none we speak). */
export function sendProblem(reply: FastifyReply, error: AppError, fallback: Locale = 'en'): FastifyReply {
  return reply
    .code(error.status)
    .headers(error.headers)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(error.toProblem(requestLocale(reply.request, fallback))));
}

/** Installs the error handler; every thrown value leaves as problem+json. */
export function installErrorHandler(app: FastifyInstance, defaultLocale: Locale = 'en'): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(err, request.routeOptions.bodyLimit);
    if (appError.status >= 500) {
      request.log.error({ err }, 'request failed');
      if (appError.code === 'internal') reportError(err, request.auth?.user.id);
    } else request.log.debug({ code: appError.code, detail: appError.detail }, 'request rejected');
    return sendProblem(reply, appError, defaultLocale);
  });
}
