/**
 * Arrow-key movement over a seat map. Seats sit in columns by their number (a removed seat leaves a
 * gap), so Up and Down go to the seat with the nearest number in the row above or below, across
 * section boundaries; Left and Right go to the neighbour in the same row; Home and End to its ends.
 */
export interface NavSeat {
  key: string;
  number: number;
}

export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

export const NAV_KEYS: ReadonlySet<string> = new Set<NavKey>(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

function locate(rows: readonly (readonly NavSeat[])[], key: string): [number, number] | undefined {
  for (let r = 0; r < rows.length; r++) {
    const index = rows[r]?.findIndex((seat) => seat.key === key) ?? -1;
    if (index >= 0) return [r, index];
  }
  return undefined;
}

function nearestByNumber(row: readonly NavSeat[], number: number): NavSeat | undefined {
  let best: NavSeat | undefined;
  for (const seat of row) {
    if (best === undefined || Math.abs(seat.number - number) < Math.abs(best.number - number)) best = seat;
  }
  return best;
}

/** The key of the seat to move to, or undefined to stay put. Rows without seats are skipped. */
export function nextSeatKey(rows: readonly (readonly NavSeat[])[], current: string, key: NavKey): string | undefined {
  const at = locate(rows, current);
  if (at === undefined) return undefined;
  const [r, index] = at;
  const row = rows[r] ?? [];
  const seat = row[index];
  if (seat === undefined) return undefined;
  switch (key) {
    case 'ArrowLeft':
      return row[index - 1]?.key;
    case 'ArrowRight':
      return row[index + 1]?.key;
    case 'Home':
      return row[0]?.key;
    case 'End':
      return row[row.length - 1]?.key;
    case 'ArrowUp':
    case 'ArrowDown': {
      const step = key === 'ArrowUp' ? -1 : 1;
      for (let other = r + step; other >= 0 && other < rows.length; other += step) {
        const target = nearestByNumber(rows[other] ?? [], seat.number);
        if (target !== undefined) return target.key;
      }
      return undefined;
    }
  }
}

/**
 * After the seat `removed` left the map (the layout editor's "remove" tool), the seat to move focus
 * to: the next one still there in its row, else the one before it, else any seat left.
 */
export function seatAfterRemoval(
  before: readonly (readonly NavSeat[])[],
  removed: string,
  remaining: ReadonlySet<string>,
): string | undefined {
  const at = locate(before, removed);
  if (at !== undefined) {
    const row = before[at[0]] ?? [];
    const after = row.slice(at[1] + 1).find((seat) => remaining.has(seat.key));
    if (after !== undefined) return after.key;
    const earlier = row
      .slice(0, at[1])
      .reverse()
      .find((seat) => remaining.has(seat.key));
    if (earlier !== undefined) return earlier.key;
  }
  return remaining.values().next().value;
}
