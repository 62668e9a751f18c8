/**
 * Wheelchair places and their companion seats, booked together: choosing a wheelchair place offers
 * the free companion seat next to it (same row, nearest number; else nearest in the section).
 */
import type { EventSeat } from '@iatichet/contracts';

export function companionFor(
  wheelchair: EventSeat,
  seats: readonly EventSeat[],
  taken: ReadonlySet<string> = new Set(),
): EventSeat | undefined {
  if (wheelchair.accessible !== 'wheelchair') return undefined;
  let best: EventSeat | undefined;
  let bestScore = Infinity;
  for (const seat of seats) {
    if (seat.accessible !== 'companion' || seat.status !== 'free' || taken.has(seat.id) || seat.section !== wheelchair.section)
      continue;
    const byPosition =
      typeof seat.x === 'number' && typeof wheelchair.x === 'number'
        ? Math.hypot(seat.x - wheelchair.x, (seat.y ?? 0) - (wheelchair.y ?? 0))
        : undefined;
    // Same row always wins; then the nearest (by position when drawn, by number otherwise).
    const score = (seat.row === wheelchair.row ? 0 : 1e6) + (byPosition ?? Math.abs(seat.number - wheelchair.number));
    if (score < bestScore) {
      best = seat;
      bestScore = score;
    }
  }
  return best;
}
