/** Why "Reserve" did not work, in words that say what to do next. */
import i18next from 'i18next';
import { intlLocale } from '@/i18n/locale';
import { isApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-messages';

interface ReserveErrorContext {
  maxTicketsPerOrder: number;
  /** The seats the server says were taken, as the buyer knows them ("Row A seat 5"). */
  takenSeatNames: readonly string[];
}

/** The seat ids in a seats_taken problem (`seats: [...]`); empty when it has none. */
export function takenSeatIds(error: unknown): string[] {
  if (!isApiError(error) || error.code !== 'seats_taken') return [];
  const seats = error.problem?.seats;
  return Array.isArray(seats) ? seats.filter((seat): seat is string => typeof seat === 'string') : [];
}

export function reserveErrorText(error: unknown, { maxTicketsPerOrder, takenSeatNames }: ReserveErrorContext): string {
  if (!isApiError(error)) return errorMessage(error);
  switch (error.code) {
    case 'seats_taken': {
      const count = takenSeatNames.length;
      if (count === 0) return i18next.t('events:reserveError.seatsTaken');
      const seats = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(takenSeatNames);
      return i18next.t('events:reserveError.namedSeatsTaken', { count, seats });
    }
    case 'sold_out':
      return i18next.t('events:reserveError.soldOut');
    case 'limit_exceeded':
      return i18next.t('events:reserveError.limit', { count: maxTicketsPerOrder });
    case 'sales_closed':
      return i18next.t('events:reserveError.salesClosed');
    case 'code_invalid':
      return i18next.t('codes:field.invalid');
    case 'unauthenticated':
      return i18next.t('events:reserveError.signIn');
    default:
      return errorMessage(error);
  }
}
