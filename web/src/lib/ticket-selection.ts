/**
 * What a buyer picked on an event page, before it becomes a reservation: quantities per ticket type
 * (general admission) or seat ids (reserved seating). It lives in lib, not in a feature, because the
 * event page builds it and the reservations flow sends it (`toReservationRequest`).
 */
import type { CatalogEvent, EventSeat, ReservationRequest } from '@iatichet/contracts';

export type TicketSelection =
  { kind: 'general'; quantities: Readonly<Record<string, number>> } | { kind: 'reserved'; seatIds: readonly string[] };

export function emptySelection(event: Pick<CatalogEvent, 'seating'>): TicketSelection {
  return event.seating === 'reserved' ? { kind: 'reserved', seatIds: [] } : { kind: 'general', quantities: {} };
}

/** How many tickets the selection holds. */
export function ticketCount(selection: TicketSelection): number {
  if (selection.kind === 'reserved') return selection.seatIds.length;
  return Object.values(selection.quantities).reduce((sum, quantity) => sum + quantity, 0);
}

/**
 * Pay-what-you-want prices the buyer typed, per ticket type id (cents). A type left out costs its
 * suggested price.
 */
export type ChosenPrices = Readonly<Record<string, number>>;

/**
 * What one ticket of a type costs as shown before reserving: the buyer's own price (pay what you
 * want), else the price with the applied code (`discountedPriceCents`), else the list price. The
 * server prices the hold; this is the estimate the page shows.
 */
export function unitPriceCents(type: CatalogEvent['ticketTypes'][number], prices: ChosenPrices = {}): number {
  return prices[type.id] ?? type.discountedPriceCents ?? type.priceCents;
}

/** The price of one seat: its category's ticket type. */
export function seatPriceCents(event: Pick<CatalogEvent, 'ticketTypes'>, category: string): number | undefined {
  const type = event.ticketTypes.find((candidate) => candidate.seatCategory === category);
  return type === undefined ? undefined : unitPriceCents(type);
}

/** What the selection costs, in minor units of the event's currency. */
export function selectionTotalCents(
  event: Pick<CatalogEvent, 'ticketTypes'>,
  selection: TicketSelection,
  seats: readonly Pick<EventSeat, 'id' | 'category'>[] = [],
  prices: ChosenPrices = {},
): number {
  if (selection.kind === 'general') {
    return event.ticketTypes.reduce((sum, type) => sum + unitPriceCents(type, prices) * (selection.quantities[type.id] ?? 0), 0);
  }
  const byId = new Map(seats.map((seat) => [seat.id, seat]));
  return selection.seatIds.reduce((sum, id) => {
    const seat = byId.get(id);
    return sum + (seat === undefined ? 0 : (seatPriceCents(event, seat.category) ?? 0));
  }, 0);
}

/** The most a buyer may choose of one ticket type: what is left, and never past the order limit. */
export function maxQuantity(event: Pick<CatalogEvent, 'maxTicketsPerOrder'>, remaining: number): number {
  return Math.max(0, Math.min(remaining, event.maxTicketsPerOrder));
}

/**
 * Sets one ticket type's quantity, clamped so the whole order stays within `maxTicketsPerOrder`.
 * A quantity of 0 removes the type.
 */
export function setQuantity(
  selection: Extract<TicketSelection, { kind: 'general' }>,
  ticketTypeId: string,
  quantity: number,
  limit: number,
): Extract<TicketSelection, { kind: 'general' }> {
  const others = ticketCount(selection) - (selection.quantities[ticketTypeId] ?? 0);
  const clamped = Math.max(0, Math.min(Math.floor(quantity), limit - others));
  const rest = Object.entries(selection.quantities).filter(([id]) => id !== ticketTypeId);
  const quantities = Object.fromEntries(clamped === 0 ? rest : [...rest, [ticketTypeId, clamped]]);
  return { kind: 'general', quantities };
}

/** Adds or removes a seat; `limited` is true when adding was refused because the order is full. */
export function toggleSeat(
  selection: Extract<TicketSelection, { kind: 'reserved' }>,
  seatId: string,
  limit: number,
): { selection: Extract<TicketSelection, { kind: 'reserved' }>; limited: boolean } {
  if (selection.seatIds.includes(seatId)) {
    return { selection: { kind: 'reserved', seatIds: selection.seatIds.filter((id) => id !== seatId) }, limited: false };
  }
  if (selection.seatIds.length >= limit) return { selection, limited: true };
  return { selection: { kind: 'reserved', seatIds: [...selection.seatIds, seatId] }, limited: false };
}

/** The body of POST /api/reservations for this selection, with the code and any chosen prices. */
export function toReservationRequest(
  eventId: string,
  selection: TicketSelection,
  extras: { code?: string; prices?: ChosenPrices; bestAvailable?: ReservationRequest['bestAvailable'] } = {},
): ReservationRequest {
  const code = extras.code === undefined || extras.code === '' ? {} : { code: extras.code };
  // The seat map's quick-pick: the server chooses the seats, so none are sent.
  if (extras.bestAvailable !== undefined) return { eventId, bestAvailable: { ...extras.bestAvailable }, ...code };
  if (selection.kind === 'reserved') return { eventId, seats: [...selection.seatIds], ...code };
  const items = Object.entries(selection.quantities)
    .filter(([, quantity]) => quantity > 0)
    .map(([ticketTypeId, quantity]) => {
      const priceCents = extras.prices?.[ticketTypeId];
      return priceCents === undefined ? { ticketTypeId, quantity } : { ticketTypeId, quantity, priceCents };
    });
  return { eventId, items, ...code };
}

/**
 * The selection a link asks for: `?tickets=<ticketTypeId>:<quantity>,...` (the embed widget's Buy
 * link). Only general admission; unknown types and bad numbers are ignored, and each quantity is
 * clamped to what is left and to the order limit, as if the buyer had picked it here.
 */
export function selectionFromParam(
  event: Pick<CatalogEvent, 'seating' | 'ticketTypes' | 'maxTicketsPerOrder'>,
  param: string | null,
): TicketSelection {
  let selection = emptySelection(event);
  if (param === null || selection.kind !== 'general') return selection;
  for (const pair of param.split(',').slice(0, event.ticketTypes.length)) {
    const [id = '', quantity = ''] = pair.split(':');
    const type = event.ticketTypes.find((t) => t.id === id);
    if (type === undefined || !/^\d{1,3}$/.test(quantity)) continue;
    const wanted = Math.min(Number(quantity), maxQuantity(event, type.remaining));
    selection = setQuantity(selection, id, wanted, event.maxTicketsPerOrder);
  }
  return selection;
}
