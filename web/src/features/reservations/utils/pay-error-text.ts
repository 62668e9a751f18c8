/**
 * What went wrong with a payment, said so that the buyer knows what to do next. A decline and an
 * outage leave the reservation payable, so both say until when the seats stay held.
 */
import i18next from 'i18next';
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
  if (!isApiError(error))
    return { title: i18next.t('reservations:payError.failed'), message: errorMessage(error), canRetry: true };
  switch (error.code) {
    case 'payment_declined':
      return {
        title: i18next.t('reservations:payError.declinedTitle'),
        message: i18next.t('reservations:payError.declined', { time: heldUntil }),
        canRetry: true,
      };
    case 'payment_unavailable':
    case 'service_unavailable':
    case 'internal':
      return {
        title: i18next.t('reservations:payError.unavailableTitle'),
        message: i18next.t('reservations:payError.unavailable', { time: heldUntil }),
        canRetry: true,
      };
    case 'hold_expired':
      return {
        title: i18next.t('reservations:payError.expiredTitle'),
        message: i18next.t('reservations:payError.expired'),
        canRetry: false,
      };
    case 'conflict':
      // The server says what is in the way ("already paid"); it is the one sentence it words itself.
      return { title: i18next.t('reservations:payError.failed'), message: error.detail ?? errorMessage(error), canRetry: true };
    default:
      return { title: i18next.t('reservations:payError.failed'), message: errorMessage(error), canRetry: true };
  }
}
