import { isApiError } from './api-error';
import { errorMessage } from './error-messages';

/**
 * Codes whose `detail` the reservations server writes for people: what is in the way ("Only a
 * pending hold can be extended."), or what is wrong with the whole request.
 */
const EXPLAINED = new Set(['conflict', 'validation_failed']);

/** The server's own sentence when it explains the problem, else the general one for the code. */
export function errorMessageWithDetail(error: unknown): string {
  if (isApiError(error) && EXPLAINED.has(error.code) && error.detail !== undefined && error.detail.trim() !== '') {
    return error.detail;
  }
  return errorMessage(error);
}
