/** Helpers for reservation tests: buyers, a GA or seated event on sale, and counter checks. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { PaymentProvider } from '../../src/payments/provider.js';
import { checkIntegrity } from '../../src/reservations/integrity.js';
import type { TestEnvironment } from './test-app.js';
import { adminClient, createEvent, createVenue, eventInput, gridLayout, type EventBody } from './catalog-fixtures.js';
import { TestClient, uniqueEmail } from './client.js';

export const CARDS = {
  ok: { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' },
  declined: { number: '4000000000000002', expMonth: 12, expYear: 2040, cvc: '123' },
  outage: { number: '4000000000009995', expMonth: 12, expYear: 2040, cvc: '123' },
};

export interface ReservationBody {
  id: string;
  code: string;
  status: string;
  totalCents: number;
  expiresAt: string;
  paidAt: string | null;
  tickets: { id: string; ticketTypeId: string; seat: { row: string; number: number } | null; attendeeName: string | null }[];
}

let ip = 0;
export async function buyers(app: FastifyInstance, count: number): Promise<TestClient[]> {
  const clients: TestClient[] = [];
  for (let i = 0; i < count; i++) {
    ip++;
    const c = new TestClient(app, `10.20.${Math.floor(ip / 250)}.${ip % 250}`);
    await c.register(uniqueEmail('buyer'));
    clients.push(c);
  }
  return clients;
}

/**
 * `count` buyers signed in on instance `a`, and the same buyers (same cookies and address) on
 * instance `b`, each with a CSRF token: the crowd of a race across two instances.
 */
export async function buyersOnTwoInstances(a: FastifyInstance, b: FastifyInstance, count: number): Promise<TestClient[]> {
  const onA = await buyers(a, count);
  const onB = onA.map((c) => {
    const twin = new TestClient(b, c.ip);
    for (const [k, v] of c.cookies) twin.cookies.set(k, v);
    return twin;
  });
  const all = [...onA, ...onB];
  await Promise.all(all.map((c) => c.token()));
  return all;
}

export async function gaEvent(
  env: TestEnvironment,
  app: FastifyInstance,
  capacity: number,
  extra: Parameters<typeof eventInput>[1] = {},
): Promise<EventBody> {
  const admin = await adminClient(env, app);
  return createEvent(
    admin,
    eventInput((await createVenue(admin)).id, { ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity }], ...extra }),
  );
}

export async function seatedEvent(
  env: TestEnvironment,
  app: FastifyInstance,
  rows: number,
  seats: number,
): Promise<{ event: EventBody; seatIds: string[] }> {
  const admin = await adminClient(env, app);
  const venue = await createVenue(admin, { layout: gridLayout(rows, seats, 0) });
  const event = await createEvent(
    admin,
    eventInput(venue.id, { seating: 'reserved', ticketTypes: [{ name: 'Seat', priceCents: 3000, seatCategory: 'standard' }] }),
  );
  const seats_ = (await app.inject(`/api/events/${event.id}/seats`)).json<{ seats: { id: string }[] }>().seats;
  return { event, seatIds: seats_.map((s) => s.id) };
}

/** Every counter equals the rows behind it, capacity holds, and every seat matches its reservation. */
export async function expectCountersMatchRows(env: TestEnvironment, eventId: string): Promise<void> {
  expect(await checkIntegrity(env.database.db, eventId)).toEqual([]);
}

/**
 * POST /api/reservations, sent again on a 503 (no pool connection within its wait, on a loaded
 * machine) with the same Idempotency-Key, as a client would: a hold that committed before its
 * answer was lost is found again, never made twice. Any other answer is returned as it is.
 */
export async function holdRetrying503(client: TestClient, body: unknown, key: string): Promise<LightMyRequestResponse> {
  for (let tries = 1; ; tries++) {
    const res = await client.post('/api/reservations', body, { headers: { 'idempotency-key': key } });
    if (res.statusCode !== 503 || tries >= 5) return res;
  }
}

/**
 * A card provider whose charges wait until the test calls `open` (`started` resolves once one is
 * under way), so a test can change the reservation while its card is being charged. Charges and
 * refunds are counted.
 */
export function gatedProvider() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let charging!: () => void;
  const started = new Promise<void>((resolve) => (charging = resolve));
  const charges: string[] = [];
  const refunds: string[] = [];
  const provider: PaymentProvider = {
    name: 'simulated',
    kind: 'card',
    async charge(input) {
      charging();
      await opened;
      charges.push(`ch_${input.reservationId}`);
      return { status: 'succeeded', providerRef: `ch_${input.reservationId}` };
    },
    refund(input) {
      refunds.push(input.providerRef);
      return Promise.resolve({ status: 'succeeded', providerRef: `re_${refunds.length}` });
    },
  };
  return { provider, started, open, charges, refunds };
}
