import { describe, expect, it } from 'vitest';
import {
  maxQuantity,
  selectionFromParam,
  selectionTotalCents,
  setQuantity,
  ticketCount,
  toggleSeat,
  toReservationRequest,
  type TicketSelection,
} from './ticket-selection';

const event = {
  maxTicketsPerOrder: 4,
  ticketTypes: [
    {
      id: 'std',
      name: 'Standard',
      priceCents: 4500,
      capacity: 40,
      remaining: 40,
      seatCategory: 'standard',
      hidden: false,
      minPriceCents: null,
      taxRate: 0,
    },
    {
      id: 'pre',
      name: 'Premium',
      priceCents: 8100,
      capacity: 10,
      remaining: 2,
      seatCategory: 'premium',
      hidden: false,
      minPriceCents: null,
      taxRate: 0,
    },
  ],
};

describe('general admission quantities', () => {
  it('never lets the whole order pass the per-order limit', () => {
    let selection: Extract<TicketSelection, { kind: 'general' }> = { kind: 'general', quantities: {} };
    selection = setQuantity(selection, 'std', 3, event.maxTicketsPerOrder);
    selection = setQuantity(selection, 'pre', 5, event.maxTicketsPerOrder);
    expect(selection.quantities).toEqual({ std: 3, pre: 1 });
    expect(ticketCount(selection)).toBe(4);
    expect(selectionTotalCents(event, selection)).toBe(3 * 4500 + 8100);
  });

  it('drops a ticket type set back to zero, so the request holds only what was chosen', () => {
    let selection = setQuantity({ kind: 'general', quantities: { std: 2 } }, 'pre', 1, 4);
    selection = setQuantity(selection, 'std', 0, 4);
    expect(toReservationRequest('e1', selection)).toEqual({ eventId: 'e1', items: [{ ticketTypeId: 'pre', quantity: 1 }] });
  });

  it('offers at most what is left and at most the order limit', () => {
    expect(maxQuantity(event, 2)).toBe(2);
    expect(maxQuantity(event, 40)).toBe(4);
    expect(maxQuantity(event, 0)).toBe(0);
  });
});

describe('reserved seats', () => {
  const seats = [
    { id: 's1', category: 'standard' },
    { id: 's2', category: 'premium' },
    { id: 's3', category: 'standard' },
  ];

  it('toggles seats and refuses one more than the limit', () => {
    let selection: Extract<TicketSelection, { kind: 'reserved' }> = { kind: 'reserved', seatIds: [] };
    selection = toggleSeat(selection, 's1', 2).selection;
    selection = toggleSeat(selection, 's2', 2).selection;
    const refused = toggleSeat(selection, 's3', 2);
    expect(refused.limited).toBe(true);
    expect(refused.selection.seatIds).toEqual(['s1', 's2']);
    expect(selectionTotalCents(event, selection, seats)).toBe(4500 + 8100);
    selection = toggleSeat(selection, 's1', 2).selection;
    expect(toReservationRequest('e1', selection)).toEqual({ eventId: 'e1', seats: ['s2'] });
  });
});

describe('a selection asked for by a link (?tickets=, from the embed widget)', () => {
  const general = { ...event, seating: 'general' as const };

  it('preselects the quantities asked for, clamped to what is left and to the order limit', () => {
    expect(selectionFromParam(general, 'std:2')).toEqual({ kind: 'general', quantities: { std: 2 } });
    expect(selectionFromParam(general, 'pre:3')).toEqual({ kind: 'general', quantities: { pre: 2 } });
    expect(selectionFromParam(general, 'std:3,pre:2')).toEqual({ kind: 'general', quantities: { std: 3, pre: 1 } });
  });

  it('ignores unknown types, bad numbers, reserved seating and a missing parameter', () => {
    const empty = { kind: 'general', quantities: {} };
    expect(selectionFromParam(general, null)).toEqual(empty);
    expect(selectionFromParam(general, 'nope:2,std:-1,std:1e3,std:,:2')).toEqual(empty);
    expect(selectionFromParam({ ...event, seating: 'reserved' }, 'std:2')).toEqual({ kind: 'reserved', seatIds: [] });
  });
});

describe('codes and pay what you want in the selection', () => {
  const coded = {
    ...event,
    ticketTypes: event.ticketTypes.map((t) => (t.id === 'std' ? { ...t, discountedPriceCents: 4050, minPriceCents: 1000 } : t)),
  };
  const selection: TicketSelection = { kind: 'general', quantities: { std: 2, pre: 1 } };

  it('totals the code’s price, or the buyer’s own price where one was typed', () => {
    expect(selectionTotalCents(coded, selection)).toBe(2 * 4050 + 8100);
    expect(selectionTotalCents(coded, selection, [], { std: 1500 })).toBe(2 * 1500 + 8100);
  });

  it('sends the code and each chosen price with the items', () => {
    expect(toReservationRequest('e1', selection, { code: 'SAVE10', prices: { std: 1500 } })).toEqual({
      eventId: 'e1',
      items: [
        { ticketTypeId: 'std', quantity: 2, priceCents: 1500 },
        { ticketTypeId: 'pre', quantity: 1 },
      ],
      code: 'SAVE10',
    });
    expect(toReservationRequest('e1', { kind: 'reserved', seatIds: ['s1'] }, { code: '' })).toEqual({
      eventId: 'e1',
      seats: ['s1'],
    });
  });

  it('sends a best-available pick instead of seats, with the code, and no seats of its own', () => {
    expect(
      toReservationRequest(
        'e1',
        { kind: 'reserved', seatIds: ['s1'] },
        { code: 'SAVE10', bestAvailable: { ticketTypeId: 'std', quantity: 4 } },
      ),
    ).toEqual({ eventId: 'e1', bestAvailable: { ticketTypeId: 'std', quantity: 4 }, code: 'SAVE10' });
  });
});
