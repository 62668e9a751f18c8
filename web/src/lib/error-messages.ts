/**
 * Turns errors into words for people: one sentence per error code (in the reader's language), and the server's field errors
 * keyed by form field name.
 */
import i18next from 'i18next';
import type { ErrorCode } from '@iatichet/contracts';
import { isApiError } from './api-error';

/** The sentence for an error code, in the reader's language (catalogue `common`, `errors.<code>`). */
export function codeMessage(code: ErrorCode): string {
  return i18next.t(`common:errors.${code}`);
}

/** "30 seconds", "1 minute", "15 minutes": a wait rounded up to what a person would say. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return i18next.t('common:wait.seconds', { count: Math.max(1, Math.ceil(seconds)) });
  return i18next.t('common:wait.minutes', { count: Math.ceil(seconds / 60) });
}

/** A sentence a person understands, for any thrown value; a rate limit says how long to wait. */
export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return codeMessage('internal');
  if (error.code === 'rate_limited' && error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0) {
    return i18next.t('common:errors.rateLimitedWait', { wait: describeWait(error.retryAfterSeconds) });
  }
  if (error.code === 'invalid_credentials' && error.problem?.['reason'] === 'account_disabled') {
    return i18next.t('common:errors.accountDisabled');
  }
  return codeMessage(error.code);
}

/** `/items/0/quantity` -> `items.0.quantity` (JSON pointer escapes decoded); the root pointer `` stays ``. */
function fieldName(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/**
 * The server's field errors as `{ email: 'message' }` for a form; the first message per field wins.
 * Errors about the whole body land under the key ''. Empty for anything that is not an ApiError.
 */
export function fieldErrorsByName(error: unknown): Record<string, string> {
  const byName: Record<string, string> = {};
  if (!isApiError(error)) return byName;
  for (const { path, message } of error.fieldErrors) {
    const name = fieldName(path);
    byName[name] ??= message;
  }
  return byName;
}
