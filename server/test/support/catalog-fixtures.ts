/** Builders for catalog tests: an admin client, venues and events with sensible defaults. */
import type { EventInput, Layout, VenueInput } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { ensureAdmin } from '../../src/accounts/bootstrap-admin.js';
import type { TestEnvironment } from './test-app.js';
import { TestClient, uniqueEmail } from './client.js';

let ip = 0;
export async function adminClient(env: TestEnvironment, app: FastifyInstance): Promise<TestClient> {
  const email = uniqueEmail('admin');
  await ensureAdmin(env.database.db, { email, password: 'the admin passphrase' });
  const client = new TestClient(app, `10.9.${Math.floor(++ip / 250)}.${ip % 250}`);
  const res = await client.login(email, 'the admin passphrase');
  if (res.statusCode !== 200) throw new Error(`admin login failed: ${res.body}`);
  return client;
}

export function gridLayout(rows: number, seats: number, premiumRows = 1): Layout {
  return {
    sections: [
      {
        name: 'Stalls',
        rows: Array.from({ length: rows }, (_, r) => ({
          label: String.fromCharCode(65 + r),
          seats: Array.from({ length: seats }, (_, n) => ({ number: n + 1, category: r < premiumRows ? 'premium' : 'standard' })),
        })),
      },
    ],
  };
}

export async function createVenue(
  admin: TestClient,
  overrides: Partial<VenueInput> = {},
): Promise<{ id: string; seatCount: number }> {
  const res = await admin.post('/api/venues', {
    name: 'Hall',
    address: 'Street 1',
    city: 'Cluj-Napoca',
    capacity: 100,
    layout: null,
    ...overrides,
  });
  if (res.statusCode !== 201) throw new Error(`venue: ${res.statusCode} ${res.body}`);
  return res.json();
}

export function eventInput(venueId: string, overrides: Partial<EventInput> = {}): EventInput {
  const start = Date.now() + 10 * 24 * 3600 * 1000;
  return {
    title: 'An Evening',
    description: 'Music and more',
    category: 'concert',
    venueId,
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * 3600 * 1000).toISOString(),
    seating: 'general',
    currency: 'EUR',
    ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity: 100 }],
    ...overrides,
  };
}

export interface EventBody {
  id: string;
  title: string;
  status: string;
  priceFromCents: number | null;
  remaining: number;
  capacity: number;
  posterUrl: string | null;
  venue: { id: string; name: string; city: string };
  ticketTypes: {
    id: string;
    name: string;
    priceCents: number;
    capacity: number;
    remaining: number;
    seatCategory: string | null;
    minPriceCents?: number | null;
  }[];
}

export async function createEvent(admin: TestClient, input: EventInput, publish = true): Promise<EventBody> {
  const res = await admin.post('/api/events', input);
  if (res.statusCode !== 201) throw new Error(`event: ${res.statusCode} ${res.body}`);
  const event = res.json<EventBody>();
  if (!publish) return event;
  const published = await admin.post(`/api/events/${event.id}/publish`);
  if (published.statusCode !== 200) throw new Error(`publish: ${published.body}`);
  return published.json<EventBody>();
}
