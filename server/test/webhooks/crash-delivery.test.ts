/**
 * The real server process is killed (SIGKILL) right after a payment commits, before its webhook
 * can be delivered (the receiver is not even listening yet), and started again: the outbox row
 * written in the payment's transaction survives, and the restarted server delivers it, signed,
 * with its id, once.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/backends.js';
import { freePort } from '../support/ports.js';
import { HttpClient, startServerProcess, type ServerProcess } from '../faults/server-process.js';
import { signatureIsValid, startReceiver, type Receiver } from './receiver.js';

const ADMIN = { email: 'hook-crash-admin@example.com', password: 'the hook crash admin passphrase' };
const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };

describe.runIf(postgresUrl)('SIGKILL between a payment and its webhook', () => {
  const schema = `t_hookcrash_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-hookcrash-'));
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let receiver: Receiver | undefined;
  const query = async <T>(text: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      return (await client.query(text)).rows as T[];
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await query(`create schema ${schema}`);
    const url = new URL(postgresUrl ?? '');
    url.searchParams.set('options', `-c search_path=${schema}`);
    env = {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      WEBHOOK_ALLOW_PRIVATE: 'true',
    };
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await receiver?.close();
    await query(`drop schema if exists ${schema} cascade`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers reservation.paid after a restart', async () => {
    const receiverPort = await freePort(); // nothing listens there until the server is dead
    server = await startServerProcess(env);
    const admin = new HttpClient(server.url, '10.72.0.1');
    expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
    const venue = await admin.request('POST', '/api/venues', {
      name: 'Hook Hall',
      address: 'Street 1',
      city: 'Cluj-Napoca',
      capacity: 40,
      layout: null,
    });
    const start = Date.now() + 10 * 24 * 3600 * 1000;
    const created = await admin.request('POST', '/api/events', {
      title: 'Hook Night',
      description: 'Paid, then killed',
      category: 'concert',
      venueId: (venue.json() as { id: string }).id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      seating: 'general',
      currency: 'EUR',
      ticketTypes: [{ name: 'Standard', priceCents: 2500, capacity: 40 }],
    });
    expect(created.status, created.text).toBe(201);
    const event = created.json() as { id: string; ticketTypes: { id: string }[] };
    expect((await admin.request('POST', `/api/events/${event.id}/publish`)).status).toBe(200);

    const [organizer] = await query<{ id: string }>(`select id from ${schema}.organizers where is_default = 1`);
    const hook = await admin.request('POST', `/api/organizers/${organizer?.id ?? ''}/webhooks`, {
      url: `http://127.0.0.1:${receiverPort}/hook`,
      events: ['reservation.paid'],
    });
    expect(hook.status, hook.text).toBe(201);
    const { secret } = hook.json() as { secret: string };

    const buyer = new HttpClient(server.url, '10.72.0.2');
    expect(
      (
        await buyer.request('POST', '/api/auth/register', {
          email: 'hook-crash-buyer@example.com',
          password: 'a long enough passphrase',
          name: 'Buyer',
        })
      ).status,
    ).toBe(201);
    await query(`update ${schema}.users set email_verified = 1 where email_normalized = 'hook-crash-buyer@example.com'`);
    const held = await buyer.request('POST', '/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect(held.status, held.text).toBe(201);
    const reservationId = (held.json() as { id: string }).id;
    const paid = await buyer.request('POST', `/api/reservations/${reservationId}/pay`, { method: 'card', card: CARD });
    expect(paid.status, paid.text).toBe(200);

    server.child.kill('SIGKILL');
    await server.exited;
    const queued = await query<{ id: string; status: string; type: string }>(
      `select id, status, type from ${schema}.webhook_deliveries`,
    );
    expect(queued).toMatchObject([{ status: 'pending', type: 'reservation.paid' }]);

    receiver = await startReceiver(undefined, receiverPort);
    server = await startServerProcess(env);
    const got = await receiver.waitFor((rs) => rs.length >= 1, 30_000);
    expect(got[0]?.json).toMatchObject({
      id: queued[0]?.id,
      type: 'reservation.paid',
      data: { reservation: { id: reservationId, status: 'paid' } },
    });
    expect(signatureIsValid(got[0]?.headers['iatichet-signature'], got[0]?.body ?? '', secret)).toBe(true);
    await expect
      .poll(async () => (await query<{ status: string }>(`select status from ${schema}.webhook_deliveries`))[0]?.status, {
        timeout: 10_000,
      })
      .toBe('delivered');
    expect(receiver.received).toHaveLength(1);
  }, 90_000);
});
