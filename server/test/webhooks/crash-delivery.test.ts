/**
 * The real server process is killed (SIGKILL) right after a payment commits, before its webhook
 * can be delivered (the receiver is not even listening yet), and started again: the outbox row
 * written in the payment's transaction survives, and the restarted server delivers it, signed,
 * with its id, once.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { freePort } from '../support/ports.js';
import { CARDS, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { HttpClient, startServerProcess, type ServerProcess } from '../faults/server-process.js';
import { defaultOrganizerId } from './outbox-rows.js';
import { signatureIsValid, startReceiver, type Receiver } from './receiver.js';

describe.runIf(postgresUrl)('SIGKILL between a payment and its webhook', () => {
  let env: TestEnvironment;
  let serverEnv: Record<string, string>;
  let server: ServerProcess | undefined;
  let receiver: Receiver | undefined;
  const buyer = { email: uniqueEmail('hook-crash'), password: 'a long enough passphrase' };
  let eventId = '';
  let ticketTypeId = '';
  let secret = '';
  let receiverPort = 0;

  // The catalogue, the hook and the buyer are made in-process (fast; a database with events also
  // spares the server process the demo catalogue at start); the payment is made in the real server
  // process, which is then killed.
  beforeAll(async () => {
    env = await createTestEnvironment('postgres', { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    const app = await env.startApp({}, { backgroundJobs: false });
    const admin = await adminClient(env, app);
    const event = await gaEvent(env, app, 10);
    eventId = event.id;
    ticketTypeId = event.ticketTypes[0]?.id ?? '';
    const db = env.database.db;
    const organizerId = await defaultOrganizerId(db);
    receiverPort = await freePort(); // nothing listens there until the server is dead
    const hook = await admin.post(`/api/organizers/${organizerId}/webhooks`, {
      url: `http://127.0.0.1:${receiverPort}/hook`,
      events: ['reservation.paid'],
    });
    expect(hook.statusCode, hook.body).toBe(201);
    secret = hook.json<{ secret: string }>().secret;
    await new TestClient(app, '10.72.0.9').register(buyer.email, buyer.password);
    await app.close();
    const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s ?? '';
    const url = new URL(postgresUrl ?? '');
    url.searchParams.set('options', `-c search_path=${schema}`);
    serverEnv = { DATABASE_URL: url.toString(), DATA_DIR: env.config.dataDir, WEBHOOK_ALLOW_PRIVATE: 'true' };
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    await receiver?.close();
    await env.close();
  });

  it('delivers reservation.paid after a restart', async () => {
    const db = env.database.db;
    server = await startServerProcess(serverEnv);
    const client = new HttpClient(server.url, '10.72.0.2');
    expect((await client.request('POST', '/api/auth/login', buyer)).status).toBe(200);
    const held = await client.request('POST', '/api/reservations', { eventId, items: [{ ticketTypeId, quantity: 1 }] });
    expect(held.status, held.text).toBe(201);
    const reservationId = (held.json() as { id: string }).id;
    const paid = await client.request('POST', `/api/reservations/${reservationId}/pay`, { method: 'card', card: CARDS.ok });
    expect(paid.status, paid.text).toBe(200);

    server.child.kill('SIGKILL');
    await server.exited;
    const queued = await db.selectFrom('webhook_deliveries').select(['id', 'status', 'type', 'claimed_until']).execute();
    expect(queued).toMatchObject([{ status: 'pending', type: 'reservation.paid' }]);
    // The killed server's worker may have claimed the delivery in the milliseconds between the
    // commit and the kill (its poll came then): the claim is leased for a minute, and a delivery
    // in flight at a crash is due again once the lease ends. End it now rather than wait for it.
    if (queued[0]?.claimed_until != null)
      await db
        .updateTable('webhook_deliveries')
        .set({ claimed_until: null, next_attempt_at: new Date().toISOString() })
        .execute();

    receiver = await startReceiver(undefined, receiverPort);
    server = await startServerProcess(serverEnv);
    const got = await receiver.waitFor((rs) => rs.length >= 1, 30_000);
    expect(got[0]?.json).toMatchObject({
      id: queued[0]?.id,
      type: 'reservation.paid',
      data: { reservation: { id: reservationId, status: 'paid' } },
    });
    expect(signatureIsValid(got[0]?.headers['iatichet-signature'], got[0]?.body ?? '', secret)).toBe(true);
    await expect
      .poll(async () => (await db.selectFrom('webhook_deliveries').select('status').executeTakeFirst())?.status, {
        timeout: 10_000,
      })
      .toBe('delivered');
    expect(receiver.received).toHaveLength(1);
  }, 120_000);
});
