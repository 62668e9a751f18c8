/** Whether tickets for an event can be bought right now, and if not, why not. */
import type { CatalogEvent } from '@iatichet/contracts';

export type SalesState =
  | { kind: 'open' }
  | { kind: 'not_yet'; opensAt: string }
  | { kind: 'closed' }
  | { kind: 'ended' }
  | { kind: 'cancelled' }
  | { kind: 'sold_out' };

export function salesState(
  event: Pick<CatalogEvent, 'status' | 'startsAt' | 'endsAt' | 'salesStartAt' | 'salesEndAt' | 'remaining'>,
  now = Date.now(),
): SalesState {
  if (event.status === 'cancelled') return { kind: 'cancelled' };
  if (Date.parse(event.endsAt) < now) return { kind: 'ended' };
  if (event.salesStartAt !== null && Date.parse(event.salesStartAt) > now)
    return { kind: 'not_yet', opensAt: event.salesStartAt };
  // Without an explicit end, sales close when the event starts.
  const closesAt = event.salesEndAt ?? event.startsAt;
  if (Date.parse(closesAt) < now) return { kind: 'closed' };
  if (event.remaining <= 0) return { kind: 'sold_out' };
  return { kind: 'open' };
}
