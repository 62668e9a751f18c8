/**
 * Best available: which free seats of a ticket type to give a buyer who asked for a number of them
 * (API.md, "Seating at scale"). A plain function over the type's seats: hold-seat-groups.ts reads
 * them and claims the pick in the same transaction, and picks again if another hold got there first.
 *
 * - Rows are tried best first: by `row_rank` (lower is better), rows without one after those, in
 *   layout order. In the first row with enough free seats next to each other, the block nearest
 *   the row's middle is taken.
 * - "Next to each other" means consecutive in the row's layout order; a seat that is held, sold or
 *   reserved for access breaks a block, and so does a seat of another category (another type's).
 * - When no row has such a block, the seats are gathered as close together as the rows allow: the
 *   best rows first, the longest free runs of each row first.
 * - Wheelchair places and their companion seats are never picked: they are booked by seat id, both
 *   in one request, by the people who need them. A type with too few other free seats is sold out
 *   to best available.
 */
import type { TypeSeat } from './inventory-seats.js';

interface Row {
  rank: number;
  first: number;
  seats: TypeSeat[];
}

function rowsOf(seats: TypeSeat[]): Row[] {
  const rows = new Map<string, Row>();
  for (const seat of seats) {
    const key = `${seat.section}\u0000${seat.row_label}`;
    const row = rows.get(key);
    if (row === undefined)
      rows.set(key, { rank: seat.row_rank ?? Number.POSITIVE_INFINITY, first: seat.position, seats: [seat] });
    else row.seats.push(seat);
  }
  return [...rows.values()].sort((a, b) => a.rank - b.rank || a.first - b.first);
}

/** Runs of seats that may be picked, as [start, end) indexes into the row. */
function freeRuns(row: Row, pickable: (s: TypeSeat) => boolean): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  row.seats.forEach((seat, i) => {
    // The type's seats only: a seat of another category between two of them is a gap in the row.
    const gap = i > 0 && seat.position !== (row.seats[i - 1]?.position ?? 0) + 1;
    if (gap && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
    if (pickable(seat)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  });
  if (start >= 0) runs.push([start, row.seats.length]);
  return runs;
}

/**
 * Picks `quantity` seats, or undefined when fewer than that may be picked. `seats` are the type's
 * seats in layout order (seatsOfType); `unavailable` are seats already given to other holds of
 * this transaction.
 */
export function pickBest(seats: TypeSeat[], quantity: number, unavailable: ReadonlySet<string>): TypeSeat[] | undefined {
  const pickable = (s: TypeSeat) => s.status === 'free' && s.accessible === null && !unavailable.has(s.id);
  const rows = rowsOf(seats);
  const runsByRow = rows.map((row) => freeRuns(row, pickable));
  for (const [r, row] of rows.entries()) {
    const middle = (row.seats.length - quantity) / 2;
    let best: number | undefined;
    for (const [start, end] of runsByRow[r] ?? []) {
      if (end - start < quantity) continue;
      // The window of this run whose start is nearest the start that would centre it in the row.
      const at = Math.min(Math.max(Math.round(middle), start), end - quantity);
      if (best === undefined || Math.abs(at - middle) < Math.abs(best - middle)) best = at;
    }
    if (best !== undefined) return row.seats.slice(best, best + quantity);
  }
  const picked: TypeSeat[] = [];
  for (const [r, row] of rows.entries()) {
    const runs = [...(runsByRow[r] ?? [])].sort((a, b) => b[1] - b[0] - (a[1] - a[0]));
    for (const [start, end] of runs) {
      picked.push(...row.seats.slice(start, Math.min(end, start + quantity - picked.length)));
      if (picked.length === quantity) return picked;
    }
  }
  return undefined;
}
