import { isApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-messages';

/** Codes whose `detail` the catalog server writes for the admin (what conflicts, what is wrong with the file). */
const DETAILED = new Set(['conflict', 'validation_failed', 'payload_too_large', 'unsupported_media_type', 'not_found']);

/** The server's own sentence when it explains the problem to an admin, else the general one. */
export function problemText(error: unknown): string {
  if (isApiError(error) && DETAILED.has(error.code) && error.detail !== undefined && error.detail !== '') return error.detail;
  return errorMessage(error);
}
