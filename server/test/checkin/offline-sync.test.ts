/**
 * Offline check-in: the snapshot a scanner keeps, and POST /api/checkin/sync judging queued scans in
 * scan order, once per scan id, with exactly one `ok` per ticket over every device and the online
 * scanner, and every duplicate recorded with both devices and times.
 */
import { randomUUID, createPublicKey, verify } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { CheckinConflicts, CheckinSnapshot, CheckinSyncResponse } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode } from '../../src/tickets/base32.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay, type PaidReservation } from '../tickets/ticket-fixtures.js';

type Results = CheckinSyncResponse['results'];
const at = (minute: number) => new Date(Date.UTC(2027, 2, 1, 19, minute)).toISOString();

describe.each(backends)('offline check-in on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let staff: TestClient;
  let event: EventBody;
  let typeId: string;

  const paidCodes = async (count: number): Promise<{ reservation: PaidReservation; codes: string[] }> => {
    const reservation = await reserveAndPay(buyer, event.id, typeId, count);
    return { reservation, codes: reservation.tickets.map((t) => t.qr ?? '') };
  };
  const sync = async (
    deviceId: string,
    scans: { scanId?: string; code: string; scannedAt: string; localResult?: string }[],
    client = staff,
  ): Promise<Results> => {
    const res = await client.post('/api/checkin/sync', {
      eventId: event.id,
      deviceId,
      scans: scans.map((s) => ({ ...s, scanId: s.scanId ?? randomUUID() })),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CheckinSyncResponse>().results;
  };
  const okCount = async (ticketIds: string[]) =>
    (
      await env.database.db
        .selectFrom('checkin_scans')
        .select('ticket_id')
        .where('ticket_id', 'in', ticketIds)
        .where('result', '=', 'ok')
        .execute()
    ).length;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
    event = await gaEvent(env, app, 400, { maxTicketsPerOrder: 100 });
    typeId = event.ticketTypes[0]?.id ?? '';
  });
  afterAll(() => env.close());

  it('answers 401 to anonymous callers and 403 to buyers, on the snapshot, the sync and the conflicts', async () => {
    const anonymous = new TestClient(app, '10.61.0.1');
    const body = { eventId: event.id, deviceId: 'd', scans: [] };
    expect((await anonymous.get(`/api/events/${event.id}/checkin-snapshot`)).statusCode).toBe(401);
    expect((await buyer.get(`/api/events/${event.id}/checkin-snapshot`)).statusCode).toBe(403);
    expect((await anonymous.post('/api/checkin/sync', body)).statusCode).toBe(401);
    expect((await buyer.post('/api/checkin/sync', body)).statusCode).toBe(403);
    expect((await buyer.get(`/api/events/${event.id}/checkin-conflicts`)).statusCode).toBe(403);
    expect((await staff.get('/api/events/no-such-event/checkin-snapshot')).statusCode).toBe(404);
    expect((await staff.post('/api/checkin/sync', { ...body, eventId: 'no-such-event' })).statusCode).toBe(404);
  });

  it('snapshots valid, checked-in and refunded tickets by state, with keys that verify the codes as the browser does', async () => {
    const { reservation, codes } = await paidCodes(2);
    const refunded = await reserveAndPay(buyer, event.id, typeId, 1);
    expect((await buyer.post(`/api/reservations/${refunded.id}/cancel`)).json()).toMatchObject({ status: 'refunded' });
    expect((await staff.post('/api/checkin', { code: codes[0], eventId: event.id })).json()).toMatchObject({ result: 'ok' });

    const res = await staff.get(`/api/events/${event.id}/checkin-snapshot`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const snapshot = JSON.parse(gunzipSync(res.rawPayload).toString('utf8')) as CheckinSnapshot;
    expect(snapshot.eventId).toBe(event.id);
    const byId = new Map(snapshot.tickets.map((t) => [t.ticketId, t]));
    const [first, second] = reservation.tickets;
    expect(byId.get(first?.id ?? '')).toMatchObject({ status: 'checked_in', typeName: 'Standard', seat: null });
    expect(byId.get(first?.id ?? '')?.checkedInAt).not.toBeNull();
    expect(byId.get(second?.id ?? '')).toMatchObject({ status: 'valid', checkedInAt: null });
    expect(byId.get(refunded.tickets[0]?.id ?? '')).toMatchObject({ status: 'not_valid' });

    // The QR payload checked with nothing but the snapshot's raw public key, as an offline device does.
    const bytes = base32Decode((codes[1] ?? '').slice(3)) ?? Buffer.alloc(0);
    const key = snapshot.publicKeys.find((k) => k.kid === bytes.subarray(0, 3).toString('hex'));
    expect(key).toBeDefined();
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(key?.publicKey ?? '', 'base64')]);
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    const signed = Buffer.concat([Buffer.from('IT1'), bytes.subarray(0, 19)]);
    expect(verify(null, signed, publicKey, bytes.subarray(19))).toBe(true);
    expect(bytes.subarray(3, 19).toString('hex')).toBe((second?.id ?? '').replace(/-/g, ''));
    // Without gzip the same JSON comes plain.
    const plain = await staff.get(`/api/events/${event.id}/checkin-snapshot`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json<CheckinSnapshot>().tickets.length).toBe(snapshot.tickets.length);
  });

  it('judges one batch in scannedAt order, not in the order it was sent', async () => {
    const { reservation, codes } = await paidCodes(2);
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const results = await sync('door-a', [
      { scanId: ids[0], code: codes[0] ?? '', scannedAt: at(10) },
      { scanId: ids[1], code: codes[0] ?? '', scannedAt: at(5) },
      { scanId: ids[2], code: codes[1] ?? '', scannedAt: at(7) },
    ]);
    // Answers come back in the order sent; the 19:05 scan is the one that admitted the ticket.
    expect(results.map((r) => r.scanId)).toEqual(ids);
    expect(results.map((r) => r.result)).toEqual(['already_checked_in', 'ok', 'ok']);
    expect(results[1]?.firstScan).toEqual({ deviceId: 'door-a', scannedAt: at(5) });
    expect(results[0]?.firstScan).toEqual({ deviceId: 'door-a', scannedAt: at(5) });
    expect(results[1]?.ticket?.id).toBe(reservation.tickets[0]?.id);
    expect(await okCount(reservation.tickets.map((t) => t.id))).toBe(2);
  });

  it('across devices the first to reach the server admits, and the other is a conflict shown with both devices and times', async () => {
    const { reservation, codes } = await paidCodes(1);
    const ticketId = reservation.tickets[0]?.id ?? '';
    const [a] = await sync('door-a', [{ code: codes[0] ?? '', scannedAt: at(20) }]);
    // Door B scanned earlier but synced later: the server's answer to door A was final.
    const [b] = await sync('door-b', [{ code: codes[0] ?? '', scannedAt: at(15) }]);
    expect(a).toMatchObject({ result: 'ok', conflict: false, firstScan: { deviceId: 'door-a', scannedAt: at(20) } });
    expect(b).toMatchObject({
      result: 'already_checked_in',
      conflict: true,
      firstScan: { deviceId: 'door-a', scannedAt: at(20) },
    });
    const conflicts = (await staff.get(`/api/events/${event.id}/checkin-conflicts`)).json<CheckinConflicts>();
    expect(conflicts.items.filter((c) => c.ticket.id === ticketId)).toEqual([
      expect.objectContaining({
        scanId: b?.scanId,
        admitted: { deviceId: 'door-a', scannedAt: at(20) },
        duplicate: { deviceId: 'door-b', scannedAt: at(15) },
      }),
    ]);
    // A scan the device itself refused offline is no conflict.
    const [c] = await sync('door-c', [{ code: codes[0] ?? '', scannedAt: at(25), localResult: 'already_checked_in' }]);
    expect(c).toMatchObject({ result: 'already_checked_in', conflict: false });
  });

  it('answers a replayed scanId with the first answer, also when ten copies of a request race', async () => {
    const { reservation, codes } = await paidCodes(3);
    const scans = codes.map((code, i) => ({ scanId: randomUUID(), code, scannedAt: at(30 + i) }));
    const copies = await Promise.all(Array.from({ length: 10 }, () => sync('door-r', scans)));
    for (const copy of copies) expect(copy).toEqual(copies[0]);
    expect(copies[0]?.map((r) => r.result)).toEqual(['ok', 'ok', 'ok']);
    const later = await sync('door-r', scans);
    expect(later).toEqual(copies[0]);
    expect(await okCount(reservation.tickets.map((t) => t.id))).toBe(3);
    const stored = await env.database.db
      .selectFrom('checkin_sync_scans')
      .select('scan_id')
      .where(
        'scan_id',
        'in',
        scans.map((s) => s.scanId),
      )
      .execute();
    expect(stored).toHaveLength(3);
  });

  it('gives one ok to a ticket scanned online and synced from devices at the same moment, and names the online scanner as first', async () => {
    const { reservation, codes } = await paidCodes(1);
    const code = codes[0] ?? '';
    const ticketId = reservation.tickets[0]?.id ?? '';
    const devices = await Promise.all(Array.from({ length: 5 }, () => clientWithRole(env, app, 'staff')));
    await Promise.all(devices.map((d) => d.token()));
    const [online, ...offline] = await Promise.all([
      staff.post('/api/checkin', { code, eventId: event.id, device: 'online door' }),
      ...devices.map((d, i) => sync(`door-m${i}`, [{ code, scannedAt: at(40 + i) }], d)),
    ]);
    const results = [online.json<{ result: string }>().result, ...offline.map((r) => r[0]?.result)];
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_checked_in')).toHaveLength(5);
    expect(await okCount([ticketId])).toBe(1);

    // Scanned online first, then synced: the online door is named as the first scan.
    const next = await paidCodes(1);
    expect(
      (await staff.post('/api/checkin', { code: next.codes[0], eventId: event.id, device: 'online door' })).json(),
    ).toMatchObject({
      result: 'ok',
    });
    const [late] = await sync('door-late', [{ code: next.codes[0] ?? '', scannedAt: at(50) }]);
    expect(late).toMatchObject({ result: 'already_checked_in', conflict: true, firstScan: { deviceId: 'online door' } });
  });

  it('refuses forged, refunded and unknown codes offline as online, by name', async () => {
    const refunded = await reserveAndPay(buyer, event.id, typeId, 1);
    await buyer.post(`/api/reservations/${refunded.id}/cancel`);
    const { codes } = await paidCodes(1);
    const forged = `${(codes[0] ?? '').slice(0, 60)}${(codes[0] ?? '')[60] === 'A' ? 'B' : 'A'}${(codes[0] ?? '').slice(61)}`;
    const results = await sync('door-f', [
      { code: forged, scannedAt: at(1) },
      { code: refunded.tickets[0]?.qr ?? '', scannedAt: at(2) },
      { code: 'not a ticket', scannedAt: at(3) },
    ]);
    expect(results.map((r) => [r.result, r.firstScan, r.conflict])).toEqual([
      ['invalid', null, false],
      ['not_valid', null, false],
      ['invalid', null, false],
    ]);
    const bad = await staff.post('/api/checkin/sync', {
      eventId: event.id,
      deviceId: 'd',
      scans: [{ scanId: 'x', code: 'y', scannedAt: 'yesterday' }],
    });
    expect(bad.statusCode).toBe(400);
  });

  it('gives exactly one ok per ticket when 10 devices sync overlapping scans at once, every duplicate a conflict', async () => {
    const { reservation, codes } = await paidCodes(30);
    const devices = await Promise.all(Array.from({ length: 10 }, () => clientWithRole(env, app, 'staff')));
    await Promise.all(devices.map((d) => d.token()));
    // Each device scanned 12 of the 30 tickets: every ticket is in four devices' queues.
    const batches = devices.map((_, d) =>
      Array.from({ length: 12 }, (_, k) => ({ code: codes[(d * 3 + k) % 30] ?? '', scannedAt: at(k) })),
    );
    const answers = await Promise.all(devices.map((client, d) => sync(`door-${d}`, batches[d] ?? [], client)));
    const all = answers.flat();
    expect(all).toHaveLength(120);
    const okTickets = all.filter((r) => r.result === 'ok').map((r) => r.ticket?.id);
    expect(okTickets).toHaveLength(30);
    expect(new Set(okTickets).size).toBe(30);
    expect(all.filter((r) => r.result === 'already_checked_in' && r.conflict)).toHaveLength(90);
    expect(await okCount(reservation.tickets.map((t) => t.id))).toBe(30);
    const conflicts = (await staff.get(`/api/events/${event.id}/checkin-conflicts`)).json<CheckinConflicts>();
    const ours = new Set(reservation.tickets.map((t) => t.id));
    expect(conflicts.items.filter((c) => ours.has(c.ticket.id))).toHaveLength(90);
    // Every conflict names an admitting device that is not its own.
    for (const c of conflicts.items.filter((x) => ours.has(x.ticket.id)))
      expect(c.admitted.deviceId).not.toBe(c.duplicate.deviceId);
  });
});
