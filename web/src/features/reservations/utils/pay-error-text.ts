/**
 * What went wrong with a payment, said so that the buyer knows what to do next. A decline and an
 * outage leave the reservation payable, so both say until when the seats stay held.
 */
import { isApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-messages';

export interface PayErrorText {
  title: string;
  message: string;
  /** Whether the buyer may simply try again on this page. */
  canRetry: boolean;
}

/** `heldUntil`: when the hold ends, as the buyer reads a time ("14:35"). */
export function payErrorText(error: unknown, heldUntil: string): PayErrorText {
  if (!isApiError(error)) return { title: 'The payment did not go through', message: errorMessage(error), canRetry: true };
  switch (error.code) {
    case 'payment_declined':
      return {
        title: 'Your card was declined',
        message: `Nothing was charged. Please try another card — your seats stay held until ${heldUntil}.`,
        canRetry: true,
      };
    case 'payment_unavailable':
    case 'service_unavailable':
    case 'internal':
      return {
        title: 'We could not reach the payment service',
        message: `Nothing was charged. Please try again in a minute — your seats stay held until ${heldUntil}.`,
        canRetry: true,
      };
    case 'hold_expired':
      return {
        title: 'Your hold has expired',
        message: 'The time to pay ran out, so the tickets went back on sale. Nothing was charged.',
        canRetry: false,
      };
    case 'conflict':
      return { title: 'The payment did not go through', message: error.detail ?? errorMessage(error), canRetry: true };
    default:
      return { title: 'The payment did not go through', message: errorMessage(error), canRetry: true };
  }
}
