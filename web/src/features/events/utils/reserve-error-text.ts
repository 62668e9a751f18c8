/** Why "Reserve" did not work, in words that say what to do next. */
import { isApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-messages';

interface ReserveErrorContext {
  maxTicketsPerOrder: number;
  /** The seats the server says were taken, as the buyer knows them ("Row A seat 5"). */
  takenSeatNames: readonly string[];
}

const list = new Intl.ListFormat('en', { type: 'conjunction' });

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
      if (count === 0)
        return 'Some of your seats were just taken by someone else. The map is up to date again: please choose again.';
      return `${list.format(takenSeatNames)} ${count === 1 ? 'was' : 'were'} just taken by someone else, so we took ${count === 1 ? 'it' : 'them'} out of your choice. Please choose ${count === 1 ? 'another seat' : 'other seats'}.`;
    }
    case 'sold_out':
      return 'Sorry, there are not enough tickets left for that choice. The numbers above are up to date again: please choose again.';
    case 'limit_exceeded':
      return `You can reserve at most ${maxTicketsPerOrder} tickets in one order.`;
    case 'sales_closed':
      return 'Tickets for this event are not on sale right now, so nothing was reserved.';
    case 'unauthenticated':
      return 'Please sign in to reserve tickets.';
    default:
      return errorMessage(error);
  }
}
