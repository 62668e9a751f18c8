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

/**
 * The server's rule (hold-lines.ts): a reservation has, in each section, no more companion seats
 * than wheelchair places. How many more companion seats `section` may take with these chosen.
 */
export function companionRoom(section: string, chosen: readonly (EventSeat | undefined)[]): number {
  let room = 0;
  for (const seat of chosen) {
    if (seat?.section !== section) continue;
    if (seat.accessible === 'wheelchair') room++;
    else if (seat.accessible === 'companion') room--;
  }
  return room;
}

/**
 * The chosen seats less the companion seats that no longer have a wheelchair place (one was just
 * taken out): the latest chosen go first. Answers what is kept and what was dropped.
 */
export function withoutLoneCompanions(
  chosenIds: readonly string[],
  seatOf: (id: string) => EventSeat | undefined,
): { kept: string[]; dropped: EventSeat[] } {
  const dropped: EventSeat[] = [];
  const kept = [...chosenIds];
  for (let i = kept.length - 1; i >= 0; i--) {
    const seat = seatOf(kept[i] ?? '');
    if (seat?.accessible !== 'companion' || companionRoom(seat.section, kept.map(seatOf)) >= 0) continue;
    dropped.push(seat);
    kept.splice(i, 1);
  }
  return { kept, dropped };
}
