/**
 * The API's problem+json answers, turned back into a typed error. Anything that is not a problem
 * (a proxy's HTML error page, a dropped connection) becomes an ApiError too, so callers handle one type.
 */
import { isErrorCode, type ErrorCode, type FieldError, type Problem } from '@iatichet/contracts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly fieldErrors: FieldError[];
  /** The problem body as the server sent it (with any extensions, e.g. the seats taken); null when there was none. */
  readonly problem: Problem | null;
  /** From the Retry-After header of a 429 or 503: how long to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: ErrorCode;
    title: string;
    detail?: string;
    fieldErrors?: FieldError[];
    problem?: Problem | null;
    retryAfterSeconds?: number;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.fieldErrors = init.fieldErrors ?? [];
    this.problem = init.problem ?? null;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** The code for an error answer that carries no problem body, judged by its status alone. */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    case 502:
    case 503:
    case 504:
      return 'service_unavailable';
    default:
      return 'internal';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is FieldError => isRecord(entry) && typeof entry.path === 'string' && typeof entry.message === 'string',
  );
}

/** Retry-After in whole seconds; the HTTP-date form is turned into seconds from now. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? Math.ceil(seconds) : undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Builds the ApiError for a non-2xx response, reading its problem+json body when it has one. */
export async function apiErrorFromResponse(response: Response): Promise<ApiError> {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  const contentType = response.headers.get('content-type') ?? '';
  let body: unknown = null;
  if (contentType.includes('json')) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (isRecord(body) && isErrorCode(body.code)) {
    const problem = body as Problem;
    return new ApiError({
      status: response.status,
      code: problem.code,
      title: typeof problem.title === 'string' ? problem.title : response.statusText,
      detail: typeof problem.detail === 'string' ? problem.detail : undefined,
      fieldErrors: parseFieldErrors(problem.errors),
      problem,
      retryAfterSeconds,
    });
  }
  return new ApiError({
    status: response.status,
    code: codeForStatus(response.status),
    title: response.statusText || 'Request failed',
    retryAfterSeconds,
  });
}

/** The error for a request that never got an answer (offline, DNS, connection reset). */
export function networkError(cause: unknown): ApiError {
  const error = new ApiError({ status: 0, code: 'service_unavailable', title: 'Network error' });
  error.cause = cause;
  return error;
}
