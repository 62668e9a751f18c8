import { describe, expect, it } from 'vitest';
import { emptyEventForm, formToInput, type EventFormValues } from './event-form-values';

const filled: EventFormValues = {
  ...emptyEventForm(),
  title: ' Jazz at noon ',
  venueId: 'v1',
  startsAt: '2027-03-01T19:00',
  endsAt: '2027-03-01T22:00',
  currency: 'RON',
  ticketTypes: [{ key: 'k', name: 'Standing', price: '49,90', capacity: '300', seatCategory: '' }],
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
      ticketTypes: [{ name: 'Standing', priceCents: 4990, capacity: 300 }],
    });
  });

  it('sends a seat category and no capacity for reserved seating, and keeps ids of existing types', () => {
    const { input } = formToInput({
      ...filled,
      seating: 'reserved',
      ticketTypes: [{ key: 't1', id: 't1', name: 'Premium', price: '80', capacity: '10', seatCategory: 'premium' }],
    });
    expect(input?.ticketTypes).toEqual([{ id: 't1', name: 'Premium', priceCents: 8000, seatCategory: 'premium' }]);
  });

  it('names each problem by the field the server would name', () => {
    const { input, errors } = formToInput({
      ...filled,
      title: '',
      endsAt: '2027-03-01T18:00',
      ticketTypes: [{ key: 'k', name: '', price: 'ten', capacity: '', seatCategory: '' }],
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
});
