/**
 * Stable machine words for every error the API returns, with the HTTP status each one carries.
 * The server builds problem+json from these; the web client maps them back to messages.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  payment_declined: 402,
  csrf_invalid: 403,
  forbidden: 403,
  email_unverified: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  sold_out: 409,
  seats_taken: 409,
  hold_expired: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  limit_exceeded: 422,
  sales_closed: 422,
  rate_limited: 429,
  internal: 500,
  payment_unavailable: 503,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

/** One field that failed validation; `path` is a JSON pointer into the request body or query. */
export interface FieldError {
  path: string;
  message: string;
}

/** The problem+json body of every error answer (RFC 9457 plus `code` and `errors`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  errors?: FieldError[];
  /** Extra data some errors carry, e.g. the seat ids taken for `seats_taken`. */
  [extension: string]: unknown;
}
