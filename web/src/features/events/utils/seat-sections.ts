/** The flat seat list of GET /api/events/:id/seats, regrouped into sections and rows for the map. */
import i18next from 'i18next';
import type { EventSeat } from '@iatichet/contracts';
import type { GridSection } from '@/components/seat-grid/seat-grid';

export interface MapSeat {
  key: string;
  number: number;
  seat: EventSeat;
}

/** Sections and rows in the order their first seat appears (the server sends layout order). */
export function seatSections(seats: readonly EventSeat[]): GridSection<MapSeat>[] {
  const sections = new Map<string, Map<string, MapSeat[]>>();
  for (const seat of seats) {
    let rows = sections.get(seat.section);
    if (rows === undefined) sections.set(seat.section, (rows = new Map<string, MapSeat[]>()));
    let row = rows.get(seat.row);
    if (row === undefined) rows.set(seat.row, (row = []));
    row.push({ key: seat.id, number: seat.number, seat });
  }
  return [...sections].map(([name, rows]) => ({
    name,
    rows: [...rows].map(([label, rowSeats]) => ({ label, seats: rowSeats })),
  }));
}

/** "Row A seat 5" (with the section first when the map has several). */
export function seatName(seat: Pick<EventSeat, 'section' | 'row' | 'number'>, withSection: boolean): string {
  const name = i18next.t('events:seatName', { row: seat.row, number: seat.number });
  return withSection ? i18next.t('events:seatInSection', { section: seat.section, seat: name }) : name;
}
