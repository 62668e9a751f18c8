/**
 * Editing a venue's seat layout, as pure functions over the API's Layout: generate a section from
 * "rows × seats per row", change one seat's category, take seats or sections away. Every change
 * returns a new layout, so React sees it and Undo could be added by keeping the old ones.
 */
import type { Layout } from '@iatichet/contracts';

export const DEFAULT_SEAT_CATEGORIES = ['standard', 'premium', 'accessible'] as const;
export const SEAT_CATEGORY_PATTERN = /^[a-z0-9_-]+$/;

export interface SectionPlan {
  name: string;
  rows: number;
  seatsPerRow: number;
  category: string;
}

/** 0 -> "A", 25 -> "Z", 26 -> "AA": row labels as halls print them. */
export function rowLabel(index: number): string {
  let label = '';
  for (let n = index; n >= 0; n = Math.floor(n / 26) - 1) label = String.fromCharCode(65 + (n % 26)) + label;
  return label;
}

export function addSection(layout: Layout | null, plan: SectionPlan): Layout {
  const section = {
    name: plan.name.trim(),
    rows: Array.from({ length: plan.rows }, (_, r) => ({
      label: rowLabel(r),
      seats: Array.from({ length: plan.seatsPerRow }, (_, n) => ({ number: n + 1, category: plan.category })),
    })),
  };
  // The drawn editor's layout fields (the stage) stay.
  return { ...(layout ?? {}), sections: [...(layout?.sections ?? []), section] };
}

export interface SeatRef {
  section: number;
  row: number;
  number: number;
}

function mapSeats(layout: Layout, at: SeatRef, change: (category: string) => string | null): Layout {
  return {
    ...layout,
    sections: layout.sections.map((section, s) =>
      s !== at.section
        ? section
        : {
            ...section,
            rows: (section.rows ?? []).map((row, r) => {
              if (r !== at.row) return row;
              const seats = row.seats.flatMap((seat) => {
                if (seat.number !== at.number) return [seat];
                const category = change(seat.category);
                return category === null ? [] : [{ ...seat, category }];
              });
              return { ...row, seats };
            }),
          },
    ),
  };
}

/** The seat's category becomes the next one in `categories` (after the last comes the first). */
export function cycleSeatCategory(layout: Layout, at: SeatRef, categories: readonly string[]): Layout {
  return mapSeats(layout, at, (current) => categories[(categories.indexOf(current) + 1) % categories.length] ?? current);
}

/** Sets the seat's category outright (the "paint" tool). */
export function setSeatCategory(layout: Layout, at: SeatRef, category: string): Layout {
  return mapSeats(layout, at, () => category);
}

/** Takes the seat away; a row left without seats goes too, and so does an empty section. */
export function removeSeat(layout: Layout, at: SeatRef): Layout | null {
  const changed = mapSeats(layout, at, () => null);
  return prune(changed);
}

export function removeSection(layout: Layout, index: number): Layout | null {
  return prune({ ...layout, sections: layout.sections.filter((_, s) => s !== index) });
}

/** Standing areas (no rows) and the drawn editor's own fields (stage, positions) are kept. */
function prune(layout: Layout): Layout | null {
  const sections = layout.sections
    .map((section) =>
      section.kind === 'standing' ? section : { ...section, rows: (section.rows ?? []).filter((row) => row.seats.length > 0) },
    )
    .filter((section) => section.kind === 'standing' || (section.rows ?? []).length > 0);
  return sections.length === 0 ? null : { ...layout, sections };
}

export function seatCount(layout: Layout | null): number {
  return (
    layout?.sections.reduce((sum, section) => sum + (section.rows ?? []).reduce((rows, row) => rows + row.seats.length, 0), 0) ??
    0
  );
}

/** Every category on the map: the usual ones first (standard, premium, accessible), then the rest as seats show them. */
/**
 * Every category an event on this layout prices: the seats' (as layoutCategories orders them),
 * then each standing area's, which is sold by quantity up to the area's capacity.
 */
export function pricedCategories(layout: Layout | null): string[] {
  const seated = layoutCategories(layout);
  const standing = (layout?.sections ?? []).flatMap((section) =>
    section.kind === 'standing' && section.category !== undefined ? [section.category] : [],
  );
  return [...seated, ...new Set(standing.filter((category) => !seated.includes(category)))];
}

/** Places per priced category: seats, and standing areas' capacities. */
export function placesByCategory(layout: Layout | null): Map<string, number> {
  const places = new Map<string, number>();
  for (const section of layout?.sections ?? []) {
    if (section.kind === 'standing' && section.category !== undefined)
      places.set(section.category, (places.get(section.category) ?? 0) + (section.capacity ?? 0));
    for (const row of section.rows ?? [])
      for (const seat of row.seats) places.set(seat.category, (places.get(seat.category) ?? 0) + 1);
  }
  return places;
}

export function layoutCategories(layout: Layout | null): string[] {
  const seen = new Set<string>();
  for (const section of layout?.sections ?? [])
    for (const row of section.rows ?? []) for (const seat of row.seats) seen.add(seat.category);
  const usual: string[] = DEFAULT_SEAT_CATEGORIES.filter((category) => seen.has(category));
  return [...usual, ...[...seen].filter((category) => !usual.includes(category))];
}
