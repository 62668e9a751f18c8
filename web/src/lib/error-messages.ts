/**
 * Turns errors into words for people: one sentence per error code, and the server's field errors
 * keyed by form field name.
 */
import type { ErrorCode } from '@iatichet/contracts';
import { isApiError } from './api-error';

const MESSAGES: Record<ErrorCode, string> = {
  validation_failed: 'Some of the details are not valid. Please check the highlighted fields.',
  challenge_failed: 'The waiting-room check did not pass. Please try joining again.',
  unauthenticated: 'Please sign in to continue.',
  invalid_credentials: 'That email and password do not match. Please try again.',
  payment_declined: 'Your payment was declined. Please try another card or payment method.',
  csrf_invalid: 'Your session has expired. Please reload the page and try again.',
  forbidden: 'You do not have permission to do that.',
  email_unverified:
    'Please confirm your email address first: open the link we emailed you, or send a new one from the banner at the top of the page.',
  queue_required: 'This sale runs through a waiting room. Please join the queue to get your turn.',
  not_found: 'We could not find what you were looking for. It may have been removed.',
  method_not_allowed: 'That action is not available here.',
  conflict: 'That conflicts with something that already exists. Please check and try again.',
  sold_out: 'Sorry, this is sold out.',
  seats_taken: 'Some of those seats were just taken by someone else. Please choose again.',
  hold_expired: 'Your reservation hold has expired. Please start again to get new tickets.',
  refund_not_allowed: 'This reservation can no longer be cancelled for a refund. Please contact the organiser.',
  event_not_on_sale: 'This event is no longer on sale. If you were charged, the payment is refunded.',
  transfer_not_allowed: 'This ticket can no longer be transferred.',
  payload_too_large: 'That file or request is too large.',
  unsupported_media_type: 'That file type is not supported.',
  limit_exceeded: 'That is more than the allowed limit.',
  sales_closed: 'Ticket sales for this event are closed.',
  code_invalid: 'That code is not valid for these tickets.',
  queue_not_open: 'The waiting room is not open yet. Please come back when it opens.',
  rate_limited: 'Too many attempts. Please wait a moment and try again.',
  hold_limit: 'You already hold as many tickets for this event as one person may. Pay for or cancel a reservation first.',
  internal: 'Something went wrong on our side. Please try again.',
  payment_unavailable: 'Payments are temporarily unavailable. Please try again in a few minutes.',
  service_unavailable: 'We cannot reach iaTichet right now. Check your connection and try again.',
};

/** "30 seconds", "1 minute", "15 minutes": a wait rounded up to what a person would say. */
export function describeWait(seconds: number): string {
  if (seconds < 60) {
    const whole = Math.max(1, Math.ceil(seconds));
    return `${whole} ${whole === 1 ? 'second' : 'seconds'}`;
  }
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** A sentence a person understands, for any thrown value; a rate limit says how long to wait. */
export function errorMessage(error: unknown): string {
  if (!isApiError(error)) return MESSAGES.internal;
  if (error.code === 'rate_limited' && error.retryAfterSeconds !== undefined && error.retryAfterSeconds > 0) {
    return `Too many attempts. Please wait ${describeWait(error.retryAfterSeconds)} and try again.`;
  }
  if (error.code === 'invalid_credentials' && error.problem?.['reason'] === 'account_disabled') {
    return 'This account has been disabled. Please contact the organiser.';
  }
  return MESSAGES[error.code];
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
