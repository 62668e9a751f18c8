/** Seat layouts: checks the admin's layout makes sense and flattens it into seats. */
import type { FieldError, Layout } from '@iatichet/contracts';
import { CATALOG_LIMITS } from '@iatichet/contracts';
import { errors } from '../platform/errors.js';

export interface FlatSeat {
  section: string;
  row: string;
  number: number;
  category: string;
  position: number;
}

/** Every seat in layout order; `position` keeps the map's order stable for the seat map. */
export function flattenLayout(layout: Layout): FlatSeat[] {
  const seats: FlatSeat[] = [];
  for (const section of layout.sections) {
    for (const row of section.rows ?? []) {
      for (const seat of row.seats)
        seats.push({
          section: section.name,
          row: row.label,
          number: seat.number,
          category: seat.category,
          position: seats.length,
        });
    }
  }
  return seats;
}

/** Rejects duplicate sections, rows or seat numbers and layouts past the size limit. */
export function validateLayout(layout: Layout): void {
  const problems: FieldError[] = [];
  const sections = new Set<string>();
  let total = 0;
  layout.sections.forEach((section, s) => {
    if (sections.has(section.name))
      problems.push({ path: `/layout/sections/${s}/name`, message: `Section "${section.name}" appears twice.` });
    sections.add(section.name);
    const rows = new Set<string>();
    (section.rows ?? []).forEach((row, r) => {
      if (rows.has(row.label))
        problems.push({
          path: `/layout/sections/${s}/rows/${r}/label`,
          message: `Row "${row.label}" appears twice in ${section.name}.`,
        });
      rows.add(row.label);
      const numbers = new Set<number>();
      row.seats.forEach((seat, n) => {
        if (numbers.has(seat.number))
          problems.push({
            path: `/layout/sections/${s}/rows/${r}/seats/${n}/number`,
            message: `Seat ${row.label}${seat.number} appears twice.`,
          });
        numbers.add(seat.number);
        total++;
      });
    });
  });
  if (total === 0) problems.push({ path: '/layout', message: 'A layout needs at least one seat.' });
  if (total > CATALOG_LIMITS.seatsPerVenueMax)
    problems.push({ path: '/layout', message: `A layout may have at most ${CATALOG_LIMITS.seatsPerVenueMax} seats.` });
  if (problems.length > 0) throw errors.validation('The seat layout is not valid.', problems.slice(0, 20));
}

export function seatCategories(layout: Layout): Map<string, number> {
  const counts = new Map<string, number>();
  for (const seat of flattenLayout(layout)) counts.set(seat.category, (counts.get(seat.category) ?? 0) + 1);
  return counts;
}
