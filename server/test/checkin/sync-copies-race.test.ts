/**
 * A device whose sync timed out sends it again, and the retry reaches another instance while the
 * first copy is still between its judgment and storing its answers. The first copy admitted the
 * ticket; the retry, judging again, finds it admitted and, storing first, made its
 * `already_checked_in` the final answer: the ticket was let in by this very scan, yet no synced
 * scan of it is `ok`, and the door's conflicts list shows the device in conflict with itself.
 * The scan that admitted a ticket answers `ok` whichever copy stores first.
 */
import { randomUUID } from 'node:crypto';
import type { CheckinConflicts } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanBatcher, type ScanBatcher } from '../../src/checkin/checkin.js';
import { syncOfflineScans } from '../../src/checkin/offline-sync.js';
import { rememberingVerifier } from '../../src/checkin/verified-codes.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay } from '../tickets/ticket-fixtures.js';

describe.each(backends)('two copies of one sync on two instances (%s)', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let staff: TestClient;
  let staffId: string;
  let event: EventBody;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
    staffId = (await staff.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;
    event = await gaEvent(env, app, 50);
  });
  afterAll(() => env.close());

  it('answers ok to the scan that admitted the ticket, also when the retry stores its answer first', async () => {
    const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 1);
    const ticket = paid.tickets[0];
    const input = {
      eventId: event.id,
      deviceId: 'door-retry',
      staffId,
      scans: [{ scanId: randomUUID(), code: ticket?.qr ?? '', scannedAt: '2027-03-01T19:00:00.000Z' }],
    };
    const db = env.database.db;
    const verify = rememberingVerifier(app.services.ticketSigner);
    // Instance 1 judges the first copy, then stalls (a pause, a slow pool) before storing it.
    const first = scanBatcher(db);
    let judged!: () => void;
    const judgedOnce = new Promise<void>((resolve) => (judged = resolve));
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const stalling = {
      submit: async (scan: Parameters<ScanBatcher['submit']>[0]) => {
        const outcome = await first.submit(scan);
        judged();
        await resumed;
        return outcome;
      },
    } as unknown as ScanBatcher;
    const original = syncOfflineScans(db, stalling, verify, input);
    await judgedOnce;
    // Instance 2 gets the retry meanwhile and finishes it.
    const retry = await syncOfflineScans(db, scanBatcher(db), verify, input);
    resume();
    const answer = await original;

    expect(answer).toEqual(retry);
    expect(answer[0]).toMatchObject({ result: 'ok', conflict: false, firstScan: { deviceId: 'door-retry' } });
    const okSynced = await db
      .selectFrom('checkin_sync_scans')
      .select('scan_id')
      .where('ticket_id', '=', ticket?.id ?? '')
      .where('result', '=', 'ok')
      .execute();
    expect(okSynced).toHaveLength(1);
    const conflicts = (await staff.get(`/api/events/${event.id}/checkin-conflicts`)).json<CheckinConflicts>();
    expect(conflicts.items.filter((c) => c.ticket.id === ticket?.id)).toEqual([]);
  });
});
