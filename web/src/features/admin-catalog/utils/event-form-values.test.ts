import { afterEach, describe, expect, it } from 'vitest';
import type { CatalogEvent } from '@iatichet/contracts';
import { i18next } from '@/i18n';
import { emptyEventForm, eventToForm, formToInput, type EventFormValues } from './event-form-values';

const filled: EventFormValues = {
  ...emptyEventForm(),
  title: ' Jazz at noon ',
  venueId: 'v1',
  startsAt: '2027-03-01T19:00',
  endsAt: '2027-03-01T22:00',
  currency: 'RON',
  ticketTypes: [
    {
      key: 'k',
      name: 'Standing',
      price: '49,90',
      capacity: '300',
      seatCategory: '',
      hidden: false,
      minPrice: '',
      taxPercent: '',
    },
  ],
};

describe('formToInput', () => {
  it('turns a general admission form into an EventInput with prices in minor units', () => {
    const { input, errors } = formToInput(filled);
    expect(errors).toEqual({});
    expect(input).toMatchObject({
      title: 'Jazz at noon',
      startsAt: new Date('2027-03-01T19:00').toISOString(),
      salesStartAt: null,
      maxTicketsPerOrder: 10,
      ticketTypes: [{ name: 'Standing', priceCents: 4990, capacity: 300, hidden: false, minPriceCents: null, taxRate: 0 }],
    });
  });

  it('sends a seat category and no capacity for reserved seating, and keeps ids of existing types', () => {
    const { input } = formToInput({
      ...filled,
      seating: 'reserved',
      ticketTypes: [
        {
          key: 't1',
          id: 't1',
          name: 'Premium',
          price: '80',
          capacity: '10',
          seatCategory: 'premium',
          hidden: true,
          minPrice: '',
          taxPercent: '5.5',
        },
      ],
    });
    expect(input?.ticketTypes).toEqual([
      { id: 't1', name: 'Premium', priceCents: 8000, seatCategory: 'premium', hidden: true, minPriceCents: null, taxRate: 550 },
    ]);
  });

  it('sends tax as basis points and a pay-what-you-want minimum, and refuses a rate over 100 % or a minimum above the price', () => {
    const row = {
      key: 'k',
      name: 'Supporter',
      price: '20',
      capacity: '5',
      seatCategory: '',
      hidden: false,
      minPrice: '5',
      taxPercent: '19',
    };
    expect(formToInput({ ...filled, ticketTypes: [row] }).input?.ticketTypes).toEqual([
      { name: 'Supporter', priceCents: 2000, capacity: 5, hidden: false, minPriceCents: 500, taxRate: 1900 },
    ]);
    const bad = formToInput({ ...filled, ticketTypes: [{ ...row, minPrice: '25', taxPercent: '101' }] });
    expect(Object.keys(bad.errors).sort()).toEqual(['ticketTypes.0.minPriceCents', 'ticketTypes.0.taxRate']);
  });

  it('offers pay what you want on a standing area of a seated event, not on its chosen seats', () => {
    const row = (seatCategory: string, minPrice: string) => ({
      key: seatCategory,
      name: seatCategory,
      price: '20',
      capacity: '',
      seatCategory,
      hidden: false,
      minPrice,
      taxPercent: '',
    });
    const seated = new Set(['standard']);
    const values = { ...filled, seating: 'reserved' as const };
    const standing = formToInput({ ...values, ticketTypes: [row('standard', ''), row('floor', '5')] }, undefined, seated);
    expect(standing.errors).toEqual({});
    expect(standing.input?.ticketTypes.map((t) => t.minPriceCents)).toEqual([null, 500]);
    const seats = formToInput({ ...values, ticketTypes: [row('standard', '5'), row('floor', '')] }, undefined, seated);
    expect(seats.input).toBeNull();
    expect(Object.keys(seats.errors)).toEqual(['ticketTypes.0.minPriceCents']);
  });

  it('names each problem by the field the server would name', () => {
    const { input, errors } = formToInput({
      ...filled,
      title: '',
      endsAt: '2027-03-01T18:00',
      ticketTypes: [
        { key: 'k', name: '', price: 'ten', capacity: '', seatCategory: '', hidden: false, minPrice: '', taxPercent: '' },
      ],
    });
    expect(input).toBeNull();
    expect(Object.keys(errors).sort()).toEqual([
      'endsAt',
      'ticketTypes.0.capacity',
      'ticketTypes.0.name',
      'ticketTypes.0.priceCents',
      'title',
    ]);
  });

  it('sends the refund policy: the default, a chosen time, or none, and asks for the time when it is missing', () => {
    expect(formToInput(filled).input?.refundPolicy).toEqual({ default: true });
    expect(formToInput({ ...filled, refundMode: 'none' }).input?.refundPolicy).toEqual({ selfServiceUntil: null });
    expect(formToInput({ ...filled, refundMode: 'until', refundUntil: '2027-02-27T19:00' }).input?.refundPolicy).toEqual({
      selfServiceUntil: new Date('2027-02-27T19:00').toISOString(),
    });
    const missing = formToInput({ ...filled, refundMode: 'until', refundUntil: '' });
    expect(missing.input).toBeNull();
    expect(Object.keys(missing.errors)).toEqual(['refundPolicy.selfServiceUntil']);
  });

  it("reads the typed times as the venue's wall clock, whatever the organiser's own zone", () => {
    const previous = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      // 19:00 in Bucharest (EET, UTC+2 in March) is 17:00 UTC; in July (EEST, UTC+3) 16:00 UTC.
      const { input } = formToInput({ ...filled, endsAt: '2027-07-01T22:00' }, 'Europe/Bucharest');
      expect(input?.startsAt).toBe('2027-03-01T17:00:00.000Z');
      expect(input?.endsAt).toBe('2027-07-01T19:00:00.000Z');
      const saved = {
        ...input,
        timeZone: 'Europe/Bucharest',
        refundPolicy: { default: true, selfServiceUntil: null },
        venue: { id: 'v1' },
        ticketTypes: [],
      };
      expect(eventToForm(saved as unknown as CatalogEvent)).toMatchObject({
        startsAt: '2027-03-01T19:00',
        endsAt: '2027-07-01T22:00',
      });
    } finally {
      process.env['TZ'] = previous;
    }
  });

  it('sends a saved time left as shown back as the instant it was: the second 03:30 of an autumn night, seconds too', () => {
    // Bucharest's clocks go back from 04:00 to 03:00 on 25 October 2026: 03:30 happens at 00:30Z and at 01:30Z.
    const saved = {
      ...filled,
      startsAt: '2026-10-25T01:30:00.000Z',
      endsAt: '2026-10-25T05:00:20.000Z',
      salesStartAt: null,
      salesEndAt: null,
      doorsAt: null,
      timeZone: 'Europe/Bucharest',
      refundPolicy: { default: true, selfServiceUntil: null },
      venue: { id: 'v1' },
      ticketTypes: [],
    };
    const form = eventToForm(saved as unknown as CatalogEvent);
    expect(form.startsAt).toBe('2026-10-25T03:30');
    const { input } = formToInput({ ...form, ticketTypes: filled.ticketTypes }, 'Europe/Bucharest');
    expect(input?.startsAt).toBe('2026-10-25T01:30:00.000Z');
    expect(input?.endsAt).toBe('2026-10-25T05:00:20.000Z');
    // Typed again, the clock time is read afresh (its first occurrence); at another venue's zone too
    // (London's clocks went back at 01:00Z that night: 03:30 there is 03:30Z).
    expect(
      formToInput({ ...form, ticketTypes: filled.ticketTypes, startsAt: '2026-10-25T03:31' }, 'Europe/Bucharest').input?.startsAt,
    ).toBe('2026-10-25T00:31:00.000Z');
    expect(formToInput({ ...form, ticketTypes: filled.ticketTypes }, 'Europe/London').input?.startsAt).toBe(
      '2026-10-25T03:30:00.000Z',
    );
  });

  it("sends the doors time as the venue's clock, and refuses doors after the start", () => {
    const { input } = formToInput({ ...filled, doorsAt: '2027-03-01T18:30' }, 'Europe/Bucharest');
    expect(input?.doorsAt).toBe('2027-03-01T16:30:00.000Z');
    expect(formToInput(filled, 'Europe/Bucharest').input?.doorsAt).toBeNull();
    const late = formToInput({ ...filled, doorsAt: '2027-03-01T19:30' }, 'Europe/Bucharest');
    expect(late.input).toBeNull();
    expect(Object.keys(late.errors)).toEqual(['doorsAt']);
  });

  it('tells the organiser that a typed time does not exist at the venue, rather than saving another one', async () => {
    // New York's clocks jump from 02:00 to 03:00 on 8 March 2026: 02:30 is no time there that night.
    const skipped = { ...filled, startsAt: '2026-03-08T02:30', endsAt: '2026-03-08T05:00', salesEndAt: '2026-03-08T02:15' };
    const { input, errors } = formToInput(skipped, 'America/New_York');
    expect(input).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['salesEndAt', 'startsAt']);
    expect(errors.startsAt).toBe('This time does not exist at the venue: the clocks go forward that night. Choose another time.');
    await i18next.changeLanguage('ro');
    expect(formToInput(skipped, 'America/New_York').errors.startsAt).toBe(
      'Această oră nu există la locul evenimentului: în acea noapte ceasul se dă înainte. Alege altă oră.',
    );
    // The same clock time on an ordinary night is fine.
    expect(
      formToInput({ ...skipped, startsAt: '2026-03-09T02:30', endsAt: '2026-03-09T05:00', salesEndAt: '' }, 'America/New_York')
        .input,
    ).not.toBeNull();
  });

  it('explains the problems in the language on screen', async () => {
    await i18next.changeLanguage('ro');
    const { errors } = formToInput({ ...filled, title: '', maxTicketsPerOrder: '0' });
    expect(errors.title).toBe('Dă un titlu evenimentului.');
    expect(errors.maxTicketsPerOrder).toMatch(/^Introdu un număr de la 1 la \d+\.$/);
  });
});

afterEach(async () => {
  await i18next.changeLanguage('en');
});
