import { describe, expect, it } from 'vitest';
import type { CatalogEvent } from '@iatichet/contracts';
import { i18next } from '@/i18n';
import { emptyEventForm, eventToForm, formToInput, type EventFormValues } from './event-form-values';
import { emptyQueueForm, queueFromForm } from './queue-settings-values';

const utc = (value: string) => (value === '' ? null : new Date(`${value}:00Z`).toISOString());
const SALES = '2027-03-01T10:00:00.000Z';

describe('queueFromForm', () => {
  it('sends a queue that is off as off, without judging its other fields', () => {
    const values = { ...emptyQueueForm(), queuePassMinutes: 'abc' };
    expect(queueFromForm(values, utc, null)).toEqual({
      queue: { enabled: false, opensAt: null, admitPerMinute: null, passMinutes: 10 },
      errors: {},
    });
  });

  it('sends an automatic queue that opens before the sales start', () => {
    const values = { ...emptyQueueForm(), queueEnabled: true, queueOpensAt: '2027-03-01T09:30', queuePassMinutes: '15' };
    expect(queueFromForm(values, utc, SALES)).toEqual({
      queue: { enabled: true, opensAt: '2027-03-01T09:30:00.000Z', admitPerMinute: null, passMinutes: 15 },
      errors: {},
    });
  });

  it('sends a fixed rate', () => {
    const values = { ...emptyQueueForm(), queueEnabled: true, queueAdmitMode: 'rate' as const, queueAdmitPerMinute: '250' };
    expect(queueFromForm(values, utc, SALES).queue.admitPerMinute).toBe(250);
  });

  it('asks for a sales start, an opening before it, a rate and pass within bounds', () => {
    const base = { ...emptyQueueForm(), queueEnabled: true };
    expect(Object.keys(queueFromForm(base, utc, null).errors)).toEqual(['salesStartAt']);
    expect(Object.keys(queueFromForm({ ...base, queueOpensAt: '2027-03-01T10:00' }, utc, SALES).errors)).toEqual([
      'queue.opensAt',
    ]);
    const rate = { ...base, queueAdmitMode: 'rate' as const };
    for (const bad of ['', '0', '100001', '1.5', '-3'])
      expect(Object.keys(queueFromForm({ ...rate, queueAdmitPerMinute: bad }, utc, SALES).errors)).toEqual([
        'queue.admitPerMinute',
      ]);
    for (const bad of ['', '0', '241', 'ten'])
      expect(Object.keys(queueFromForm({ ...base, queuePassMinutes: bad }, utc, SALES).errors)).toEqual(['queue.passMinutes']);
  });

  it('words its messages in the reader language', async () => {
    await i18next.changeLanguage('ro');
    try {
      const { errors } = queueFromForm({ ...emptyQueueForm(), queueEnabled: true }, utc, null);
      expect(errors.salesStartAt).toMatch(/începutul vânzării/);
    } finally {
      await i18next.changeLanguage('en');
    }
  });
});

describe('the event form with a waiting room', () => {
  const filled: EventFormValues = {
    ...emptyEventForm(),
    title: 'On-sale',
    venueId: 'v1',
    startsAt: '2027-03-01T19:00',
    endsAt: '2027-03-01T22:00',
    salesStartAt: '2027-03-01T10:00',
    ticketTypes: [
      { key: 'k', name: 'GA', price: '10', capacity: '5', seatCategory: '', hidden: false, minPrice: '', taxPercent: '' },
    ],
  };

  it('adds the queue to the EventInput and refuses to save when it is wrong', () => {
    const ok = formToInput({ ...filled, queueEnabled: true, queueOpensAt: '2027-03-01T09:00' }, 'UTC');
    expect(ok.errors).toEqual({});
    expect(ok.input?.queue).toEqual({
      enabled: true,
      opensAt: '2027-03-01T09:00:00.000Z',
      admitPerMinute: null,
      passMinutes: 10,
    });
    const bad = formToInput({ ...filled, salesStartAt: '', queueEnabled: true }, 'UTC');
    expect(bad.input).toBeNull();
    expect(bad.errors.salesStartAt).toBeDefined();
  });

  it('reads an event queue back into the form', () => {
    const event = {
      ...({} as CatalogEvent),
      title: 'x',
      description: '',
      category: 'concert',
      venue: { id: 'v1' },
      timeZone: 'UTC',
      startsAt: '2027-03-01T19:00:00.000Z',
      endsAt: '2027-03-01T22:00:00.000Z',
      salesStartAt: SALES,
      salesEndAt: null,
      currency: 'EUR',
      maxTicketsPerOrder: 4,
      seating: 'general',
      refundPolicy: { default: true, selfServiceUntil: null },
      ticketTypes: [],
      queue: { enabled: true, opensAt: '2027-03-01T09:15:00.000Z', admitPerMinute: 120, passMinutes: 7 },
    } as unknown as CatalogEvent;
    expect(eventToForm(event)).toMatchObject({
      queueEnabled: true,
      queueOpensAt: '2027-03-01T09:15',
      queueAdmitMode: 'rate',
      queueAdmitPerMinute: '120',
      queuePassMinutes: '7',
    });
  });
});
