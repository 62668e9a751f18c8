/**
 * Keeping a cached seat map current from deltas. The socket's availability messages carry only the
 * seats that changed and, from servers that version the map, the map's `seatsVersion` after them;
 * GET .../seats?since=<version> answers only what changed after a version. The whole map (20,000
 * seats in a stadium) is fetched once, then never again while deltas keep it whole.
 *
 * Versions are change times, not a counter (migration 0026), so a missed message cannot be seen as
 * a hole in a sequence: what can be seen is a reconnection, a message whose version goes back, or
 * a server that sends none. Each of those asks ?since= the last version the map is known whole at.
 */
import type { AvailabilityMessage, EventSeat } from '@iatichet/contracts';

/** The cached answer of GET /api/events/:id/seats: `version` absent from servers without deltas. */
export interface SeatMapState {
  seats: EventSeat[];
  version?: number;
}

/** Writes the changed statuses in; the same object back when nothing changed (no re-render). */
export function applySeatChanges(
  state: SeatMapState,
  changes: readonly { id: string; status: EventSeat['status'] }[],
): SeatMapState {
  if (changes.length === 0) return state;
  const changed = new Map(changes.map((s) => [s.id, s.status]));
  const seats = state.seats.map((seat) => {
    const status = changed.get(seat.id);
    return status === undefined || status === seat.status ? seat : { ...seat, status };
  });
  return seats.some((seat, index) => seat !== state.seats[index]) ? { ...state, seats } : state;
}

/**
 * Merges a ?since= answer: its seats replace those with the same id (a seat not on the map yet is
 * added at the end), and the version moves on, never back.
 */
export function mergeSince(state: SeatMapState, answer: SeatMapState): SeatMapState {
  const version = Math.max(state.version ?? 0, answer.version ?? 0);
  if (answer.seats.length === 0) return version === state.version ? state : { ...state, version };
  const fresh = new Map(answer.seats.map((seat) => [seat.id, seat]));
  const seats = state.seats.map((seat) => {
    const next = fresh.get(seat.id);
    if (next === undefined) return seat;
    fresh.delete(seat.id);
    return next;
  });
  return { seats: [...seats, ...fresh.values()], version };
}

/**
 * What a live message means for the map:
 * - `apply`: write its seats in and move the version on;
 * - `catchUp`: write its seats in, then ask ?since= the known version (a version going back means
 *   messages came out of order, so some may be missing or stale);
 * - `refetch`: the map or the server has no version: the whole map is the only way to be sure,
 *   asked once messages pause (today's behaviour for servers without deltas).
 */
export type LiveDecision = 'apply' | 'catchUp' | 'refetch';

export function decideLive(state: SeatMapState | undefined, message: Pick<AvailabilityMessage, 'seatsVersion'>): LiveDecision {
  if (state?.version === undefined || message.seatsVersion === undefined) return 'refetch';
  return message.seatsVersion < state.version ? 'catchUp' : 'apply';
}

/** The state after a live message decided `apply` or `catchUp`. */
export function applyLive(state: SeatMapState, message: Pick<AvailabilityMessage, 'seats' | 'seatsVersion'>): SeatMapState {
  const next = applySeatChanges(state, message.seats);
  const version = Math.max(state.version ?? 0, message.seatsVersion ?? 0);
  return version === next.version ? next : { ...next, version };
}
