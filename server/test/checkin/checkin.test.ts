/** Check-in at the door: ok exactly once, every kind of bad code refused by name, every scan recorded. */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, base32Encode } from '../../src/tickets/base32.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay } from '../tickets/ticket-fixtures.js';

type Answer = { result: string; ticket: { id: string; eventId: string } | null; checkedInAt: string | null };

/** A code of the right shape for `ticketId`, signed by a key the server has never seen. */
function forgeCode(ticketId: string, kid: Buffer): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const body = Buffer.concat([kid, Buffer.from(ticketId.replace(/-/g, ''), 'hex')]);
  const signature = sign(null, Buffer.concat([Buffer.from('IT1'), body]), privateKey);
  return `IT1${base32Encode(Buffer.concat([body, signature]))}`;
}

describe.each(backends)('check-in on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let staff: TestClient;
  let event: EventBody;
  let otherEvent: EventBody;
  let typeId: string;

  const scan = async (code: string, eventId = event.id, client = staff) => {
    const res = await client.post('/api/checkin', { code, eventId, device: 'door 1' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Answer>();
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
    event = await gaEvent(env, app, 200, { maxTicketsPerOrder: 20 }); // one buyer holds 12 at once below
    otherEvent = await gaEvent(env, app, 10);
    typeId = event.ticketTypes[0]?.id ?? '';
  });
  afterAll(() => env.close());

  it('refuses a payload with one character changed, anywhere in it, as invalid', async () => {
    const r = await reserveAndPay(buyer, event.id, typeId, 1);
    const code = r.tickets[0]?.qr ?? '';
    for (const at of [3, 10, 40, 70, 100, code.length - 2]) {
      const ch = code[at] === 'A' ? 'B' : 'A';
      expect((await scan(code.slice(0, at) + ch + code.slice(at + 1))).result).toBe('invalid');
    }
    // And one byte of the decoded payload flipped, re-encoded canonically.
    const bytes = base32Decode(code.slice(3)) ?? Buffer.alloc(0);
    bytes[20] = (bytes[20] ?? 0) ^ 1;
    expect((await scan(`IT1${base32Encode(bytes)}`)).result).toBe('invalid');
    expect((await scan(code)).result).toBe('ok');
  });

  it('refuses codes signed by another key, with our key id or another, as invalid', async () => {
    const r = await reserveAndPay(buyer, event.id, typeId, 1);
    const ticketId = r.tickets[0]?.id ?? '';
    const ourKid = (base32Decode((r.tickets[0]?.qr ?? '').slice(3)) ?? Buffer.alloc(3)).subarray(0, 3);
    const otherKid = createHash('sha256').update('another key').digest().subarray(0, 3);
    const forged = [forgeCode(ticketId, ourKid), forgeCode(ticketId, otherKid)];
    for (const code of forged) expect(await scan(code)).toEqual({ result: 'invalid', ticket: null, checkedInAt: null });
    expect(
      (await buyer.get(`/api/reservations/${r.id}`)).json<{ tickets: { checkedInAt: string | null }[] }>().tickets[0]
        ?.checkedInAt,
    ).toBeNull();
  });

  it('refuses a cancelled or refunded ticket as not_valid although its signature is good', async () => {
    const r = await reserveAndPay(buyer, event.id, typeId, 1);
    const code = r.tickets[0]?.qr ?? '';
    expect((await buyer.post(`/api/reservations/${r.id}/cancel`)).json()).toMatchObject({ status: 'refunded' });
    const answer = await scan(code);
    expect(answer).toMatchObject({ result: 'not_valid', ticket: { id: r.tickets[0]?.id }, checkedInAt: null });
  });

  it("names another event's ticket wrong_event and does not check it in", async () => {
    const r = await reserveAndPay(buyer, otherEvent.id, otherEvent.ticketTypes[0]?.id ?? '', 1);
    const code = r.tickets[0]?.qr ?? '';
    expect(await scan(code, event.id)).toMatchObject({
      result: 'wrong_event',
      ticket: { eventId: otherEvent.id },
      checkedInAt: null,
    });
    expect((await scan(code, otherEvent.id)).result).toBe('ok');
  });

  it('answers random garbage with invalid, never a 5xx; oversize or malformed bodies with a 400', async () => {
    const garbage = [
      'x',
      'IT1',
      'IT1====',
      'it1abc',
      '💥'.repeat(50),
      'IT1' + 'A'.repeat(133),
      "' OR 1=1 --",
      'IT1' + '8'.repeat(133),
    ];
    for (let i = 0; i < 20; i++)
      garbage.push(Buffer.from(Array.from({ length: 1 + ((i * 37) % 300) }, (_, j) => 32 + ((i * 7 + j * 13) % 95))).toString());
    for (const code of garbage) expect((await scan(code)).result).toBe('invalid');
    for (const body of [
      { code: 'x'.repeat(401), eventId: event.id },
      { code: 'x' },
      { code: 'x', eventId: event.id, extra: 1 },
      // A NUL character is refused for every body, before any route sees it.
      { code: 'IT1\u0000', eventId: event.id },
    ]) {
      const res = await staff.post('/api/checkin', body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
    expect((await staff.post('/api/checkin', { code: 'x', eventId: 'no-such-event' })).statusCode).toBe(404);
  });

  it('gives exactly one ok to 50 simultaneous scans of one code, and records all 50', async () => {
    const r = await reserveAndPay(buyer, event.id, typeId, 1);
    const code = r.tickets[0]?.qr ?? '';
    const scanners = await Promise.all(Array.from({ length: 5 }, () => clientWithRole(env, app, 'staff')));
    await Promise.all(scanners.map((s) => s.token()));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (scanners[i % scanners.length] as TestClient).post('/api/checkin', { code, eventId: event.id, device: `scanner ${i}` }),
      ),
    );
    expect(answers.map((a) => a.statusCode).every((s) => s === 200)).toBe(true);
    const results = answers.map((a) => a.json<Answer>().result);
    expect(results.filter((x) => x === 'ok')).toHaveLength(1);
    expect(results.filter((x) => x === 'already_checked_in')).toHaveLength(49);
    const scans = await env.database.db
      .selectFrom('checkin_scans')
      .selectAll()
      .where('ticket_id', '=', r.tickets[0]?.id ?? '')
      .execute();
    expect(scans).toHaveLength(50);
    expect(scans.filter((s) => s.result === 'ok')).toHaveLength(1);
    expect(new Set(scans.map((s) => s.device)).size).toBe(50);
  });

  it('answers each of many scans sent at once by its own ticket, an unknown event failing only its own scan', async () => {
    const paid = await Promise.all([1, 2, 3].map(() => reserveAndPay(buyer, event.id, typeId, 4)));
    const refunded = await reserveAndPay(buyer, event.id, typeId, 1);
    await buyer.post(`/api/reservations/${refunded.id}/cancel`);
    const elsewhere = await reserveAndPay(buyer, otherEvent.id, otherEvent.ticketTypes[0]?.id ?? '', 1);
    const codes = paid.flatMap((r) => r.tickets.map((t) => t.qr ?? ''));
    const sent = [
      ...codes.map((code) => ({ code, eventId: event.id, expect: 'ok' })),
      { code: codes[0] ?? '', eventId: event.id, expect: 'already_checked_in' },
      { code: refunded.tickets[0]?.qr ?? '', eventId: event.id, expect: 'not_valid' },
      { code: elsewhere.tickets[0]?.qr ?? '', eventId: event.id, expect: 'wrong_event' },
      { code: 'not a ticket', eventId: event.id, expect: 'invalid' },
      { code: codes[1] ?? '', eventId: 'no-such-event', expect: 404 },
    ];
    const answers = await Promise.all(sent.map((s) => staff.post('/api/checkin', { code: s.code, eventId: s.eventId })));
    answers.forEach((res, i) => {
      const wanted = sent[i]?.expect;
      if (wanted === 404) expect(res.statusCode).toBe(404);
      else expect(res.json<Answer>().result, `scan ${i}`).toBe(wanted);
    });
    // The twice-sent code: one ok, one already checked in (either may have been first), both at the same time.
    const first = paid[0]?.tickets[0]?.id;
    const twice = answers.filter((_, i) => sent[i]?.code === codes[0]).map((res) => res.json<Answer>());
    expect(twice.map((a) => a.result).sort()).toEqual(['already_checked_in', 'ok']);
    expect(twice.every((a) => a.ticket?.id === first && a.checkedInAt === twice[0]?.checkedInAt)).toBe(true);
    const okAnswers = answers
      .map((res) => (res.statusCode === 200 ? res.json<Answer>() : null))
      .filter((a) => a?.result === 'ok');
    expect(new Set(okAnswers.map((a) => a?.ticket?.id)).size).toBe(codes.length);
    const scans = await env.database.db
      .selectFrom('checkin_scans')
      .select(['ticket_id', 'result'])
      .where(
        'ticket_id',
        'in',
        paid.flatMap((r) => r.tickets.map((t) => t.id)),
      )
      .execute();
    expect(scans.filter((s) => s.result === 'ok')).toHaveLength(codes.length);
    expect(scans.filter((s) => s.result === 'already_checked_in')).toEqual([{ ticket_id: first, result: 'already_checked_in' }]);
  });

  it('gives one ok to a code scanned at once through two instances, every other answer naming when it was checked in', async () => {
    const second = await env.startApp({}, { backgroundJobs: false });
    const scanners: [TestClient, TestClient] = [staff, await clientWithRole(env, second, 'staff')];
    const r = await reserveAndPay(buyer, event.id, typeId, 1);
    const code = r.tickets[0]?.qr ?? '';
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => scanners[i % 2 === 0 ? 0 : 1].post('/api/checkin', { code, eventId: event.id })),
    );
    const results = answers.map((a) => a.json<Answer>());
    const ok = results.filter((a) => a.result === 'ok');
    expect(ok).toHaveLength(1);
    expect(results.filter((a) => a.result === 'already_checked_in')).toHaveLength(39);
    expect(results.every((a) => a.checkedInAt !== null && a.checkedInAt === ok[0]?.checkedInAt)).toBe(true);
  });

  it('records who scanned, when, on which device, and the result, even for invalid codes', async () => {
    const before = new Date().toISOString();
    await scan('definitely not a ticket');
    const me = (await staff.get('/api/auth/me')).json<{ user: { id: string } }>().user.id;
    const last = await env.database.db
      .selectFrom('checkin_scans')
      .selectAll()
      .where('scanned_by', '=', me)
      .where('created_at', '>=', before)
      .execute();
    expect(last).toEqual([expect.objectContaining({ event_id: event.id, ticket_id: null, device: 'door 1', result: 'invalid' })]);
  });

  it('records a device name with quotes, backslashes, braces and commas exactly as sent', async () => {
    const r = await reserveAndPay(buyer, event.id, typeId, 1);
    const device = 'door "B" \\ {north}, lane 2 NULL';
    const res = await staff.post('/api/checkin', { code: r.tickets[0]?.qr ?? '', eventId: event.id, device });
    expect(res.json<Answer>().result).toBe('ok');
    const recorded = await env.database.db
      .selectFrom('checkin_scans')
      .select('device')
      .where('ticket_id', '=', r.tickets[0]?.id ?? '')
      .execute();
    expect(recorded).toEqual([{ device }]);
  });

  it('counts paid tickets and check-ins for the event', async () => {
    const fresh = await gaEvent(env, app, 10);
    const r = await reserveAndPay(buyer, fresh.id, fresh.ticketTypes[0]?.id ?? '', 3);
    await buyer.post('/api/reservations', {
      eventId: fresh.id,
      items: [{ ticketTypeId: fresh.ticketTypes[0]?.id, quantity: 2 }],
    });
    expect((await staff.get(`/api/events/${fresh.id}/checkin-stats`)).json()).toEqual({ total: 3, checkedIn: 0 });
    await scan(r.tickets[1]?.qr ?? '', fresh.id);
    expect((await staff.get(`/api/events/${fresh.id}/checkin-stats`)).json()).toEqual({ total: 3, checkedIn: 1 });
    expect((await staff.get('/api/events/nope/checkin-stats')).statusCode).toBe(404);
  });

  it('is for staff and admins only: 403 for a buyer, 401 for anonymous callers', async () => {
    expect((await buyer.post('/api/checkin', { code: 'x', eventId: event.id })).statusCode).toBe(403);
    expect((await buyer.get(`/api/events/${event.id}/checkin-stats`)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/events/${event.id}/checkin-stats` })).statusCode).toBe(401);
    const admin = await clientWithRole(env, app, 'admin');
    expect((await admin.post('/api/checkin', { code: 'x', eventId: event.id })).json()).toMatchObject({ result: 'invalid' });
  });

  it('verifies codes signed before a key rotation, on an instance with the new key', async () => {
    const r = await reserveAndPay(buyer, event.id, typeId, 1);
    const newKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const rotated = await env.startApp({ TICKET_SIGNING_KEY: newKey }, { backgroundJobs: false });
    const staffThere = await clientWithRole(env, rotated, 'staff');
    expect((await scan(r.tickets[0]?.qr ?? '', event.id, staffThere)).result).toBe('ok');
    const newer = await reserveAndPay(buyer, event.id, typeId, 1);
    const fromRotated = (await buyer.get(`/api/reservations/${newer.id}`)).json<{ tickets: { qr: string }[] }>();
    expect(fromRotated.tickets[0]?.qr).toBe(newer.tickets[0]?.qr); // `buyer` talks to the first instance
    const rotatedBuyer = (await buyers(rotated, 1))[0] as TestClient;
    const signedNew = await reserveAndPay(rotatedBuyer, event.id, typeId, 1);
    expect(signedNew.tickets[0]?.qr?.slice(0, 8)).not.toBe(newer.tickets[0]?.qr?.slice(0, 8));
    expect((await scan(signedNew.tickets[0]?.qr ?? '')).result).toBe('ok');
  });
});
