/**
 * Names on tickets, typed before reserving. They are all or nothing: the server puts the n-th name
 * on the n-th ticket, so a blank in the middle would shift every name after it.
 */
import i18next from 'i18next';
import type { CatalogEvent, EventSeat } from '@iatichet/contracts';
import { ticketCount, type TicketSelection } from '@/lib/ticket-selection';
import { seatName } from './seat-sections';

export const MAX_NAME_LENGTH = 120;

/** `names` fitted to `count` tickets: extra ones dropped, missing ones blank. */
export function fitNames(names: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, index) => names[index] ?? '');
}

/** One message per ticket whose name is missing or too long (undefined where it is fine). */
export function attendeeNameErrors(names: readonly string[]): (string | undefined)[] {
  return names.map((name) => {
    const trimmed = name.trim();
    if (trimmed === '') return i18next.t('events:names.required');
    if (trimmed.length > MAX_NAME_LENGTH) return i18next.t('events:names.tooLong', { count: MAX_NAME_LENGTH });
    return undefined;
  });
}

/**
 * What each name field is for, in the order the server fills names in: seats in map order
 * ("Row A seat 5"); general admission by count ("ticket 2", or "Standard ticket 2" for one type).
 */
export function ticketLabels(
  event: Pick<CatalogEvent, 'ticketTypes'>,
  selection: TicketSelection,
  seats: readonly Pick<EventSeat, 'id' | 'section' | 'row' | 'number'>[],
): string[] {
  if (selection.kind === 'reserved') {
    const chosen = new Set(selection.seatIds);
    const several = new Set(seats.map((seat) => seat.section)).size > 1;
    return seats.filter((seat) => chosen.has(seat.id)).map((seat) => seatName(seat, several));
  }
  const types = event.ticketTypes.filter((type) => (selection.quantities[type.id] ?? 0) > 0);
  const only = types.length === 1 ? types[0] : undefined;
  return Array.from({ length: ticketCount(selection) }, (_, index) =>
    only === undefined
      ? i18next.t('events:names.ticketN', { n: index + 1 })
      : i18next.t('events:names.typeTicketN', { type: only.name, n: index + 1 }),
  );
}
