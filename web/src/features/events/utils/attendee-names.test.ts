import '@/i18n';
import { describe, expect, it } from 'vitest';
import { attendeeNameErrors, fitNames, ticketLabels } from './attendee-names';

describe('fitNames', () => {
  it('keeps one name per ticket', () => {
    expect(fitNames(['Ana', 'Dan', 'Ion'], 2)).toEqual(['Ana', 'Dan']);
    expect(fitNames(['Ana'], 3)).toEqual(['Ana', '', '']);
  });
});

describe('attendeeNameErrors', () => {
  it('wants every name filled in and not too long', () => {
    expect(attendeeNameErrors(['Ana', '  ', 'x'.repeat(121)])).toEqual([
      undefined,
      'Enter a name, or switch names off.',
      'At most 120 characters.',
    ]);
  });
});

describe('ticketLabels', () => {
  const event = {
    ticketTypes: [
      {
        id: 't1',
        name: 'Standard',
        priceCents: 100,
        capacity: 10,
        remaining: 10,
        seatCategory: null,
        hidden: false,
        minPriceCents: null,
        taxRate: 0,
      },
      {
        id: 't2',
        name: 'Premium',
        priceCents: 200,
        capacity: 10,
        remaining: 10,
        seatCategory: null,
        hidden: false,
        minPriceCents: null,
        taxRate: 0,
      },
    ],
  };
  const seats = [
    { id: 'a1', section: 'Stalls', row: 'A', number: 1 },
    { id: 'a2', section: 'Stalls', row: 'A', number: 2 },
    { id: 'b1', section: 'Stalls', row: 'B', number: 1 },
  ];

  it('names seats in map order, whatever order they were clicked in', () => {
    expect(ticketLabels(event, { kind: 'reserved', seatIds: ['b1', 'a1'] }, seats)).toEqual(['Row A seat 1', 'Row B seat 1']);
  });

  it('counts general admission tickets, with the type when there is only one', () => {
    expect(ticketLabels(event, { kind: 'general', quantities: { t1: 2 } }, [])).toEqual([
      'Standard ticket 1',
      'Standard ticket 2',
    ]);
    expect(ticketLabels(event, { kind: 'general', quantities: { t1: 1, t2: 1 } }, [])).toEqual(['ticket 1', 'ticket 2']);
  });
});
