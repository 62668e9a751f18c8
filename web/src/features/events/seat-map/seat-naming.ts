/**
 * What a seat is called where it is read out: "Section A, row 3, seat 12, free, Category A", and
 * the wheelchair place or companion seat it is. The whole name is said, section first, because
 * the list lets a screen reader user jump straight to any seat.
 */
import i18next from 'i18next';
import type { EventSeat } from '@iatichet/contracts';
import { seatCategoryLabel } from '@/lib/catalog-labels';

export type NamedSeat = Pick<EventSeat, 'section' | 'row' | 'number' | 'status' | 'category' | 'accessible'>;

/** "Section A, row 3, seat 12" */
export function seatPlace(seat: Pick<EventSeat, 'section' | 'row' | 'number'>): string {
  return i18next.t('seat-map:seat.place', { section: seat.section, row: seat.row, number: seat.number });
}

/** "Section A, row 3, seat 12, free, Category A" (", wheelchair place" when it is one), or "chosen" for the buyer's own. */
export function seatListName(seat: NamedSeat, chosen: boolean, categoryName = seatCategoryLabel(seat.category)): string {
  const status = chosen ? i18next.t('seat-map:status.chosen') : i18next.t(`seat-map:status.${seat.status}`);
  const parts = [seatPlace(seat), status, categoryName];
  if (seat.accessible === 'wheelchair') parts.push(i18next.t('seat-map:accessible.wheelchair'));
  if (seat.accessible === 'companion') parts.push(i18next.t('seat-map:accessible.companion'));
  return parts.join(', ');
}
