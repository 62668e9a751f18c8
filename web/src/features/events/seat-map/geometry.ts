/**
 * Where every seat sits on the map's plane. Drawn layouts give `x`, `y` on the 0–1000 plane; grid
 * layouts give none, so their seats are laid out as the grid map shows them (sections side by
 * side, rows top to bottom, seats by number), in the same units.
 */
import { LAYOUT_PLANE, type EventSeat } from '@iatichet/contracts';

export interface PlacedSeat {
  seat: EventSeat;
  x: number;
  y: number;
}

export interface Box2 {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface PlacedSection {
  name: string;
  box: Box2;
  seats: PlacedSeat[];
}

export interface PlacedMap {
  seats: PlacedSeat[];
  sections: PlacedSection[];
  /** How big one seat is drawn, in plane units: under half the usual gap between neighbours. */
  seatRadius: number;
  bounds: Box2;
}

/** Grid layouts: one seat per pitch, rows one pitch apart, sections separated by a gutter. */
const GRID_PITCH = 10;
const GRID_GUTTER = 4;

const emptyBox = (): Box2 => ({ minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity });

function grow(box: Box2, x: number, y: number): void {
  if (x < box.minX) box.minX = x;
  if (y < box.minY) box.minY = y;
  if (x > box.maxX) box.maxX = x;
  if (y > box.maxY) box.maxY = y;
}

/** Sections → rows → seats, in the order they first appear (the server sends layout order). */
function grouped(seats: readonly EventSeat[]): Map<string, Map<string, EventSeat[]>> {
  const sections = new Map<string, Map<string, EventSeat[]>>();
  for (const seat of seats) {
    let rows = sections.get(seat.section);
    if (rows === undefined) sections.set(seat.section, (rows = new Map<string, EventSeat[]>()));
    let row = rows.get(seat.row);
    if (row === undefined) rows.set(seat.row, (row = []));
    row.push(seat);
  }
  return sections;
}

/** Grid positions: sections in a roughly square arrangement of columns. */
function gridPositions(seats: readonly EventSeat[]): Map<string, { x: number; y: number }> {
  const sections = [...grouped(seats)];
  const columns = Math.max(1, Math.ceil(Math.sqrt(sections.length)));
  const sizes = sections.map(([, rows]) => ({
    width: Math.max(...[...rows.values()].map((row) => row.length)) * GRID_PITCH,
    height: rows.size * GRID_PITCH,
  }));
  const columnWidth = Math.max(...sizes.map((size) => size.width)) + GRID_GUTTER * GRID_PITCH;
  const out = new Map<string, { x: number; y: number }>();
  let top = 0;
  for (let start = 0; start < sections.length; start += columns) {
    const band = sections.slice(start, start + columns);
    band.forEach(([, rows], column) => {
      [...rows.values()].forEach((row, rowIndex) => {
        [...row]
          .sort((a, b) => a.number - b.number)
          .forEach((seat, index) =>
            out.set(seat.id, { x: column * columnWidth + index * GRID_PITCH, y: top + rowIndex * GRID_PITCH }),
          );
      });
    });
    const bandHeight = Math.max(...sizes.slice(start, start + columns).map((size) => size.height));
    top += bandHeight + GRID_GUTTER * GRID_PITCH;
  }
  return out;
}

/** The median distance between neighbours in a row (sampled), which sets how big seats are drawn. */
function typicalGap(seats: readonly PlacedSeat[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < seats.length && gaps.length < 2000; i++) {
    const a = seats[i - 1] as PlacedSeat;
    const b = seats[i] as PlacedSeat;
    if (a.seat.section !== b.seat.section || a.seat.row !== b.seat.row) continue;
    const gap = Math.hypot(a.x - b.x, a.y - b.y);
    if (gap > 0) gaps.push(gap);
  }
  if (gaps.length === 0) return GRID_PITCH;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? GRID_PITCH;
}

/** Places every seat; a map where any seat lacks a position is laid out as a grid entirely. */
export function placeSeats(seats: readonly EventSeat[]): PlacedMap {
  const drawn = seats.length > 0 && seats.every((seat) => typeof seat.x === 'number' && typeof seat.y === 'number');
  const grid = drawn ? undefined : gridPositions(seats);
  const placed: PlacedSeat[] = seats.map((seat) => {
    const at = grid?.get(seat.id) ?? { x: seat.x ?? 0, y: seat.y ?? 0 };
    return { seat, x: at.x, y: at.y };
  });
  const bySection = new Map<string, PlacedSection>();
  const bounds = emptyBox();
  for (const item of placed) {
    let section = bySection.get(item.seat.section);
    if (section === undefined)
      bySection.set(item.seat.section, (section = { name: item.seat.section, box: emptyBox(), seats: [] }));
    section.seats.push(item);
    grow(section.box, item.x, item.y);
    grow(bounds, item.x, item.y);
  }
  const seatRadius = Math.max(0.5, typicalGap(placed) * 0.42);
  const pad = (box: Box2): Box2 => ({
    minX: box.minX - seatRadius,
    minY: box.minY - seatRadius,
    maxX: box.maxX + seatRadius,
    maxY: box.maxY + seatRadius,
  });
  const sections = [...bySection.values()].map((section) => ({ ...section, box: pad(section.box) }));
  return {
    seats: placed,
    sections,
    seatRadius,
    bounds: placed.length === 0 ? { minX: 0, minY: 0, maxX: LAYOUT_PLANE, maxY: LAYOUT_PLANE } : pad(bounds),
  };
}
