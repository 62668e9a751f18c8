/**
 * Reservations made straight through the API (for tests about something else), in their own
 * cookie jar so the browser under test is not signed in as the buyer.
 */
import type { APIRequestContext } from 'playwright-core';
import { apiAs, registerAccount, signedIn, type TestAccount } from './accounts';

interface EventSummary {
  id: string;
  title: string;
  seating: 'general' | 'reserved';
  ticketTypes: { id: string; name: string }[];
}

interface Seat {
  id: string;
  row: string;
  number: number;
}

async function findEvent(api: APIRequestContext, title: string): Promise<EventSummary> {
  const events = (await (await api.get('/api/events', { params: { q: title } })).json()) as { items: EventSummary[] };
  const event = events.items.find((item) => item.title === title);
  if (event === undefined) throw new Error(`no event called ${title}`);
  return event;
}

async function reserve(api: APIRequestContext, headers: Record<string, string>, data: object) {
  const response = await api.post('/api/reservations', { data, headers });
  if (response.status() !== 201) throw new Error(`reserve answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as { id: string; code: string };
}

/** Signs `account` in and holds `quantity` tickets of the first type of the general-admission event `title`. */
export async function createPendingReservation(baseURL: string, account: TestAccount, title: string, quantity = 2) {
  const { api, headers } = await signedIn(baseURL, account);
  try {
    const event = await findEvent(api, title);
    const type = event.ticketTypes[0];
    if (event.seating !== 'general' || type === undefined) throw new Error(`${title} is not general admission`);
    return await reserve(api, headers, { eventId: event.id, items: [{ ticketTypeId: type.id, quantity }] });
  } finally {
    await api.dispose();
  }
}

/** Signs `account` in and holds the seats `row` `numbers` of the reserved-seating event `title`. */
export async function holdSeats(baseURL: string, account: TestAccount, title: string, row: string, numbers: number[]) {
  const { api, headers } = await signedIn(baseURL, account);
  try {
    const event = await findEvent(api, title);
    const { seats } = (await (await api.get(`/api/events/${event.id}/seats`)).json()) as { seats: Seat[] };
    const ids = seats.filter((seat) => seat.row === row && numbers.includes(seat.number)).map((seat) => seat.id);
    return await reserve(api, headers, { eventId: event.id, seats: ids });
  } finally {
    await api.dispose();
  }
}

/**
 * A published general-admission event with one ticket, held by `holder` (so its only type is sold
 * out and offers a waiting list); `holder` and `waiter` are registered here. Answers the event's
 * id and the holder's reservation id.
 */
export async function soldOutOneTicketEvent(
  baseURL: string,
  admin: TestAccount,
  holder: TestAccount,
  waiter: TestAccount,
  title: string,
): Promise<{ eventId: string; holdId: string }> {
  const adminApi = await apiAs(baseURL, admin);
  const venue = await adminApi.call('post', '/api/venues', {
    name: 'Attic',
    address: '2 Side St',
    city: 'Cluj',
    capacity: 10,
    layout: null,
  });
  const start = Date.now() + 14 * 24 * 3600 * 1000;
  const event = await adminApi.call('post', '/api/events', {
    title,
    description: 'One ticket only.',
    category: 'concert',
    venueId: venue.id,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3600_000).toISOString(),
    seating: 'general',
    currency: 'EUR',
    ticketTypes: [{ name: 'Standard', priceCents: 2000, capacity: 1 }],
  });
  const eventId = String(event.id);
  await adminApi.call('post', `/api/events/${eventId}/publish`);
  await adminApi.ctx.dispose();
  await registerAccount(baseURL, holder);
  await registerAccount(baseURL, waiter);
  const holderApi = await apiAs(baseURL, holder);
  const ticketTypes = event.ticketTypes as { id: string }[];
  const hold = await holderApi.call('post', '/api/reservations', {
    eventId,
    items: [{ ticketTypeId: ticketTypes[0]?.id, quantity: 1 }],
  });
  await holderApi.ctx.dispose();
  return { eventId, holdId: String(hold.id) };
}
