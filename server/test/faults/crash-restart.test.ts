/**
 * The real server process is killed with SIGKILL in the middle of a flash sale on PostgreSQL and
 * started again: every payment it confirmed is still paid, every counter and seat matches the
 * reservations (the `check-integrity` command exits 0), and the sale carries on.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresUrl } from '../support/backends.js';
import { HttpClient, runCli, startServerProcess, type ServerProcess } from './server-process.js';

const ADMIN = { email: 'crash-admin@example.com', password: 'the crash test admin passphrase' };
const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };

describe.runIf(postgresUrl)('SIGKILL during a flash sale', () => {
  const schema = `t_crash_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-crash-'));
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const url = new URL(postgresUrl ?? '');
    url.searchParams.set('options', `-c search_path=${schema}`);
    env = {
      DATABASE_URL: url.toString(),
      DATA_DIR: dataDir,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    };
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no paid reservation and passes check-integrity after a restart', async () => {
    server = await startServerProcess(env);
    const admin = new HttpClient(server.url, '10.70.0.1');
    expect((await admin.request('POST', '/api/auth/login', ADMIN)).status).toBe(200);
    const venue = (await admin.request('POST', '/api/venues', {
      name: 'Crash Hall',
      address: 'Street 1',
      city: 'Cluj-Napoca',
      capacity: 40,
      layout: null,
    })) as { status: number; json: () => unknown };
    const start = Date.now() + 10 * 24 * 3600 * 1000;
    const created = await admin.request('POST', '/api/events', {
      title: 'Flash Sale Night',
      description: 'Everyone at once',
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

    // A reserved-seating event sells at the same time, so seat states are part of the check too.
    const rows = ['A', 'B', 'C'].map((label) => ({
      label,
      seats: Array.from({ length: 10 }, (_, n) => ({ number: n + 1, category: 'standard' })),
    }));
    const hall = await admin.request('POST', '/api/venues', {
      name: 'Crash Theatre',
      address: 'Street 2',
      city: 'Cluj-Napoca',
      capacity: 30,
      layout: { sections: [{ name: 'Stalls', rows }] },
    });
    expect(hall.status, hall.text).toBe(201);
    const seatedRes = await admin.request('POST', '/api/events', {
      title: 'Flash Sale Theatre',
      description: 'Pick a seat, fast',
      category: 'theatre',
      venueId: (hall.json() as { id: string }).id,
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3600_000).toISOString(),
      seating: 'reserved',
      currency: 'EUR',
      ticketTypes: [{ name: 'Seat', priceCents: 3000, seatCategory: 'standard' }],
    });
    expect(seatedRes.status, seatedRes.text).toBe(201);
    const seated = seatedRes.json() as { id: string };
    expect((await admin.request('POST', `/api/events/${seated.id}/publish`)).status).toBe(200);
    const seatIds = (
      (await admin.request('GET', `/api/events/${seated.id}/seats`)).json() as { seats: { id: string }[] }
    ).seats.map((seat) => seat.id);

    const buyers = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const c = new HttpClient(server?.url ?? '', `10.71.0.${i + 1}`);
        const res = await c.request('POST', '/api/auth/register', {
          email: `crash-buyer-${i}@example.com`,
          password: 'a long enough passphrase',
          name: `Buyer ${i}`,
        });
        expect(res.status, res.text).toBe(201);
        return c;
      }),
    );
    // Only verified accounts may hold tickets; these buyers are set up, not under test.
    const db = new pg.Client({ connectionString: postgresUrl });
    await db.connect();
    await db.query(`update ${schema}.users set email_verified = 1 where email_normalized like 'crash-buyer-%'`);
    await db.end();

    // Each buyer holds and pays in a loop; the server is killed once a few payments are confirmed.
    const confirmedPaid: string[] = [];
    let killed = false;
    const shop = async (buyer: HttpClient, i: number) => {
      let round = 0;
      while (!killed) {
        try {
          // Even buyers take general admission, odd ones two seats (some of them contested).
          const seat = (i * 7 + round++ * 3) % seatIds.length;
          const held =
            i % 2 === 0
              ? await buyer.request('POST', '/api/reservations', {
                  eventId: event.id,
                  items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
                })
              : await buyer.request('POST', '/api/reservations', {
                  eventId: seated.id,
                  seats: [seatIds[seat], seatIds[(seat + 1) % seatIds.length]],
                });
          if (held.status === 409) continue; // seats taken: try others
          if (held.status !== 201) return;
          const id = (held.json() as { id: string }).id;
          const paid = await buyer.request('POST', `/api/reservations/${id}/pay`, { method: 'card', card: CARD });
          if (paid.status === 200 && (paid.json() as { status: string }).status === 'paid') confirmedPaid.push(id);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const running = Promise.all(buyers.map((b, i) => shop(b, i)));
    const deadline = Date.now() + 20_000;
    while (confirmedPaid.length < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    killed = true;
    const { signal } = await server.exited;
    expect(signal).toBe('SIGKILL');
    await running;
    expect(confirmedPaid.length).toBeGreaterThanOrEqual(5);

    // Consistent straight after the crash, before the new process touches anything.
    const check = await runCli(['check-integrity'], env);
    expect(check.stdout + check.stderr).toContain('integrity ok');
    expect(check.code).toBe(0);

    server = await startServerProcess(env);
    for (const [i, buyer] of buyers.entries()) {
      const again = buyer.rebase(server.url);
      const mine = await again.request('GET', '/api/reservations?limit=100');
      expect(mine.status, `buyer ${i}: ${mine.text}`).toBe(200);
      const statuses = new Map((mine.json() as { items: { id: string; status: string }[] }).items.map((r) => [r.id, r.status]));
      for (const id of confirmedPaid) if (statuses.has(id)) expect(statuses.get(id)).toBe('paid');
    }
    const adminAgain = admin.rebase(server.url);
    const all = await adminAgain.request('GET', '/api/admin/reservations?status=paid&limit=100');
    const paidIds = new Set((all.json() as { items: { id: string }[] }).items.map((r) => r.id));
    for (const id of confirmedPaid) expect(paidIds.has(id), `paid reservation ${id} lost`).toBe(true);
    const seatSales = await adminAgain.request('GET', `/api/admin/reservations?eventId=${seated.id}&limit=100`);
    expect((seatSales.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);

    // The sale goes on after the restart.
    const late = buyers[0]?.rebase(server.url);
    const held = await late?.request('POST', '/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    expect([201, 409]).toContain(held?.status);

    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    const final = await runCli(['check-integrity'], env);
    expect(final.code, final.stdout).toBe(0);
  });
});
