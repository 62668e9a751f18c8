/**
 * Seat layouts: checks the admin's layout makes sense and flattens it into seats. A layout is a
 * grid (seats with numbers only) or a drawing (seats with x/y on the 0–1000 plane, standing
 * sections, wheelchair places); both flatten the same way, so old grid layouts import unchanged.
 * Fields the schema does not name on the layout, its sections and rows belong to the editor and
 * are stored as sent.
 */
import type { FieldError, Layout, LayoutSection } from '@iatichet/contracts';
import { CATALOG_LIMITS } from '@iatichet/contracts';
import { errors } from '../platform/errors.js';

export interface FlatSeat {
  section: string;
  row: string;
  number: number;
  category: string;
  position: number;
  x: number | null;
  y: number | null;
  accessible: 'wheelchair' | 'companion' | null;
  /** The row's `rank` (best available: lower is better); null = layout order. */
  rank: number | null;
}

const isStanding = (section: LayoutSection) => section.kind === 'standing';

/** Every seat in layout order; `position` keeps the map's order stable for the seat map. */
export function flattenLayout(layout: Layout): FlatSeat[] {
  const seats: FlatSeat[] = [];
  for (const section of layout.sections) {
    if (isStanding(section)) continue;
    for (const row of section.rows ?? []) {
      for (const seat of row.seats)
        seats.push({
          section: section.name,
          row: row.label,
          number: seat.number,
          category: seat.category,
          position: seats.length,
          x: seat.x ?? null,
          y: seat.y ?? null,
          accessible: seat.accessible ?? null,
          rank: row.rank ?? null,
        });
    }
  }
  return seats;
}

/** Standing sections' capacity by category: sold by quantity, like general admission. */
export function standingCapacities(layout: Layout): Map<string, number> {
  const capacities = new Map<string, number>();
  for (const section of layout.sections)
    if (isStanding(section) && section.category !== undefined)
      capacities.set(section.category, (capacities.get(section.category) ?? 0) + (section.capacity ?? 0));
  return capacities;
}

/** Places of a layout: its seats and its standing capacity (a venue's capacity). */
export function layoutCapacity(layout: Layout): number {
  let standing = 0;
  for (const capacity of standingCapacities(layout).values()) standing += capacity;
  return flattenLayout(layout).length + standing;
}

function checkStanding(section: LayoutSection, at: string, problems: FieldError[]): void {
  if (section.capacity === undefined)
    problems.push({ path: `${at}/capacity`, message: `The standing area ${section.name} needs a capacity.` });
  if (section.category === undefined)
    problems.push({ path: `${at}/category`, message: `The standing area ${section.name} needs a category.` });
  if ((section.rows ?? []).some((row) => row.seats.length > 0))
    problems.push({ path: `${at}/rows`, message: `The standing area ${section.name} cannot have seats.` });
}

/** Duplicate rows and seats, half-placed seats and companions without a wheelchair place. */
function checkSeated(section: LayoutSection, at: string, problems: FieldError[]): number {
  if (section.capacity !== undefined)
    problems.push({ path: `${at}/capacity`, message: `Only a standing area has a capacity; ${section.name} has rows.` });
  if (section.rows === undefined || section.rows.length === 0)
    problems.push({ path: `${at}/rows`, message: `The section ${section.name} needs rows (or to be a standing area).` });
  let seats = 0;
  const rows = new Set<string>();
  (section.rows ?? []).forEach((row, r) => {
    const rowAt = `${at}/rows/${r}`;
    if (rows.has(row.label))
      problems.push({ path: `${rowAt}/label`, message: `Row "${row.label}" appears twice in ${section.name}.` });
    rows.add(row.label);
    const numbers = new Set<number>();
    const wheelchair = row.seats.some((seat) => seat.accessible === 'wheelchair');
    row.seats.forEach((seat, n) => {
      const seatAt = `${rowAt}/seats/${n}`;
      if (numbers.has(seat.number))
        problems.push({ path: `${seatAt}/number`, message: `Seat ${row.label}${seat.number} appears twice.` });
      numbers.add(seat.number);
      // A seat is drawn at a point or not drawn at all: half a position cannot be placed on the map.
      if ((seat.x === undefined) !== (seat.y === undefined))
        problems.push({
          path: `${seatAt}/${seat.x === undefined ? 'x' : 'y'}`,
          message: `Seat ${row.label}${seat.number} needs both x and y.`,
        });
      // A companion seat is sold with the wheelchair place next to it, so it needs one in its row.
      if (seat.accessible === 'companion' && !wheelchair)
        problems.push({
          path: `${seatAt}/accessible`,
          message: `The companion seat ${row.label}${seat.number} has no wheelchair place in its row.`,
        });
      seats++;
    });
  });
  return seats;
}

/**
 * How deep a layout's values may nest, counted from the layout itself (its seats are at depth 6).
 * The editor's own fields are stored as sent, and JSON.parse reads any depth, but writing back
 * JSON recurses: a field nested 100,000 levels overflowed the stack (a 500).
 */
export const LAYOUT_MAX_DEPTH = 32;

/** The JSON pointer of the first value nested deeper than LAYOUT_MAX_DEPTH, or undefined. Walked without recursion. */
function tooDeep(layout: Layout): string | undefined {
  const stack: { value: unknown; depth: number; at: string }[] = [{ value: layout, depth: 0, at: '/layout' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, depth, at } = next;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= LAYOUT_MAX_DEPTH) return at;
    for (const [key, child] of Object.entries(value))
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: depth + 1, at: `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}` });
  }
  return undefined;
}

/**
 * Rejects values nested past LAYOUT_MAX_DEPTH, duplicate sections, rows or seat numbers, standing
 * areas without a capacity and category or with seats, seated sections without rows, a category both standing and seated
 * (one ticket type prices a category, and it sells either seats or places) and layouts past
 * the size limit.
 */
export function validateLayout(layout: Layout): void {
  const deep = tooDeep(layout);
  if (deep !== undefined) {
    const message = `A layout's values may nest at most ${LAYOUT_MAX_DEPTH} levels deep.`;
    throw errors.validation('The seat layout is not valid.', [{ path: deep.slice(0, 300), message }]);
  }
  const problems: FieldError[] = [];
  const sections = new Set<string>();
  const seatedCategories = new Set<string>();
  let total = 0;
  layout.sections.forEach((section, s) => {
    const at = `/layout/sections/${s}`;
    if (sections.has(section.name)) problems.push({ path: `${at}/name`, message: `Section "${section.name}" appears twice.` });
    sections.add(section.name);
    if (isStanding(section)) checkStanding(section, at, problems);
    else {
      total += checkSeated(section, at, problems);
      for (const row of section.rows ?? []) for (const seat of row.seats) seatedCategories.add(seat.category);
    }
  });
  layout.sections.forEach((section, s) => {
    if (isStanding(section) && section.category !== undefined && seatedCategories.has(section.category))
      problems.push({
        path: `/layout/sections/${s}/category`,
        message: `"${section.category}" names both seats and a standing area; give the standing area its own category.`,
      });
  });
  if (total === 0 && !layout.sections.some(isStanding))
    problems.push({ path: '/layout', message: 'A layout needs at least one seat or standing area.' });
  if (total > CATALOG_LIMITS.seatsPerVenueMax)
    problems.push({ path: '/layout', message: `A layout may have at most ${CATALOG_LIMITS.seatsPerVenueMax} seats.` });
  if (problems.length > 0) throw errors.validation('The seat layout is not valid.', problems.slice(0, 20));
}

/** Every category a ticket type may price, with its places: seats counted, standing capacities summed. */
export function seatCategories(layout: Layout): Map<string, number> {
  const counts = new Map<string, number>();
  for (const seat of flattenLayout(layout)) counts.set(seat.category, (counts.get(seat.category) ?? 0) + 1);
  for (const [category, capacity] of standingCapacities(layout)) counts.set(category, (counts.get(category) ?? 0) + capacity);
  return counts;
}
