/**
 * Short codes at the door (issue 15): each ticket carries one, typed in place of the QR text it is
 * admitted exactly once whichever of the two comes first, a crowd typing one code gets one `ok`,
 * guessing is limited per staff account, and the scanner can list a reservation's tickets.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdTickets } from '../../src/reservations/hold.js';
import { SHORT_CODE_ALPHABET, formatShortCode, newShortCode } from '../../src/tickets/short-code.js';
import { backends, redisUrl } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay } from '../tickets/ticket-fixtures.js';

type Answer = { result: string; ticket: { id: string; shortCode?: string | null } | null; checkedInAt: string | null };
type WithCodes = { id: string; code: string; tickets: { id: string; qr: string | null; shortCode: string | null }[] };

const CODE = new RegExp(`^[${SHORT_CODE_ALPHABET}]{10}$`);

/** How a person might type it: lower case, a hyphen in the middle and spaces around. */
const typed = (code: string) => ` ${formatShortCode(code).toLowerCase()} `;

describe.each(backends)('short codes on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let staff: TestClient;
  let event: EventBody;
  let typeId: string;

  const scan = async (code: string, client = staff) => {
    const res = await client.post('/api/checkin', { code, eventId: event.id, device: 'door 2' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Answer>();
  };
  const paid = async (quantity = 1) => {
    const r = (await reserveAndPay(buyer, event.id, typeId, quantity)) as unknown as WithCodes;
    return r;
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
    event = await gaEvent(env, app, 200, { maxTicketsPerOrder: 20 });
    typeId = event.ticketTypes[0]?.id ?? '';
  });
  afterAll(() => env.close());

  it('gives every ticket a distinct ten-character code from the unambiguous alphabet', async () => {
    const r = await paid(5);
    const codes = r.tickets.map((t) => t.shortCode ?? '');
    for (const code of codes) expect(code).toMatch(CODE);
    expect(new Set(codes).size).toBe(5);
    const again = (await buyer.get(`/api/reservations/${r.id}`)).json<WithCodes>();
    expect(again.tickets.map((t) => t.shortCode)).toEqual(codes);
  });

  it('admits a typed short code once, and the QR code then answers already_checked_in', async () => {
    const r = await paid();
    const ticket = r.tickets[0];
    if (ticket?.shortCode == null || ticket.qr === null) throw new Error('no codes');
    const first = await scan(typed(ticket.shortCode));
    expect(first.result).toBe('ok');
    expect(first.ticket?.id).toBe(ticket.id);
    const second = await scan(ticket.qr);
    expect(second.result).toBe('already_checked_in');
    expect(second.checkedInAt).toBe(first.checkedInAt);
    expect((await scan(ticket.shortCode)).result).toBe('already_checked_in');
  });

  it('admits the QR code once, and the short code then answers already_checked_in', async () => {
    const r = await paid();
    const ticket = r.tickets[0];
    if (ticket?.shortCode == null || ticket.qr === null) throw new Error('no codes');
    expect((await scan(ticket.qr)).result).toBe('ok');
    const typedAfter = await scan(typed(ticket.shortCode));
    expect(typedAfter.result).toBe('already_checked_in');
    expect(typedAfter.ticket?.id).toBe(ticket.id);
  });

  it('reads O as 0 and I or L as 1, as Crockford base32 does', async () => {
    const r = await paid();
    const code = r.tickets[0]?.shortCode ?? '';
    const confusable = code.replace(/0/g, 'O').replace(/1/g, 'l');
    expect((await scan(confusable)).result).toBe('ok');
  });

  it('gives exactly one ok to 20 staff devices typing the same short code at once', async () => {
    const r = await paid();
    const code = r.tickets[0]?.shortCode ?? '';
    const answers = await Promise.all(Array.from({ length: 20 }, () => scan(code)));
    const results = answers.map((a) => a.result);
    expect(results.filter((x) => x === 'ok')).toHaveLength(1);
    expect(results.filter((x) => x === 'already_checked_in')).toHaveLength(19);
    const scans = await env.database.db
      .selectFrom('checkin_scans')
      .select('result')
      .where('ticket_id', '=', r.tickets[0]?.id ?? '')
      .execute();
    expect(scans).toHaveLength(20);
  });

  it('answers an unknown short code as invalid, and another event as wrong_event', async () => {
    expect(await scan(newShortCode())).toEqual({ result: 'invalid', ticket: null, checkedInAt: null });
    const other = await gaEvent(env, app, 5);
    const r = await paid();
    const res = await staff.post('/api/checkin', { code: r.tickets[0]?.shortCode, eventId: other.id });
    expect(res.json<Answer>().result).toBe('wrong_event');
  });

  it('limits a staff account to 120 unknown typed codes per 10 minutes, and hits do not count', async () => {
    const guesser = await clientWithRole(env, app, 'staff');
    const r = await paid();
    const real = r.tickets[0]?.shortCode ?? '';
    // A real code typed between the guesses is no miss: it is given back.
    expect((await scan(real, guesser)).result).toBe('ok');
    for (let i = 0; i < 120; i++) expect((await scan(newShortCode(), guesser)).result).toBe('invalid');
    const over = await guesser.post('/api/checkin', { code: newShortCode(), eventId: event.id });
    expect(over.statusCode).toBe(429);
    expect(over.json<{ code: string }>().code).toBe('rate_limited');
    const lookup = await guesser.get(`/api/checkin/lookup?code=${r.code}`);
    expect(lookup.statusCode).toBe(429);
    // QR codes are signed, so they are not guessable and not limited here.
    const other = await paid();
    expect((await scan(other.tickets[0]?.qr ?? '', guesser)).result).toBe('ok');
    // Another staff member is not blocked by this one's guessing.
    expect((await scan(newShortCode())).result).toBe('invalid');
  });

  it('counts 160 unknown codes typed at once by one staff account: 120 are judged, 40 get 429', async () => {
    const guesser = await clientWithRole(env, app, 'staff');
    const answers = await Promise.all(
      Array.from({ length: 160 }, () => guesser.post('/api/checkin', { code: newShortCode(), eventId: event.id })),
    );
    const judged = answers.filter((a) => a.statusCode === 200);
    expect(judged).toHaveLength(120);
    expect(judged.every((a) => a.json<{ result: string }>().result === 'invalid')).toBe(true);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(40);
  });

  it('looks up a reservation code or a short code and lists its tickets with their state', async () => {
    const r = await paid(3);
    await scan(r.tickets[1]?.shortCode ?? '');
    const byCode = await staff.get(`/api/checkin/lookup?code=${r.code.toLowerCase()}&eventId=${event.id}`);
    expect(byCode.statusCode, byCode.body).toBe(200);
    const body = byCode.json<{
      reservation: { code: string; eventId: string; timeZone: string };
      tickets: { ticket: { id: string; shortCode: string }; status: string; checkedInAt: string | null }[];
    }>();
    expect(body.reservation).toMatchObject({ code: r.code, eventId: event.id, timeZone: 'Europe/Bucharest' });
    expect(body.tickets.map((t) => [t.ticket.id, t.status])).toEqual([
      [r.tickets[0]?.id, 'valid'],
      [r.tickets[1]?.id, 'checked_in'],
      [r.tickets[2]?.id, 'valid'],
    ]);
    const byShort = await staff.get(`/api/checkin/lookup?code=${encodeURIComponent(typed(r.tickets[2]?.shortCode ?? ''))}`);
    expect(byShort.json<{ reservation: { code: string } }>().reservation.code).toBe(r.code);

    const other = await gaEvent(env, app, 5);
    expect((await staff.get(`/api/checkin/lookup?code=${r.code}&eventId=${other.id}`)).statusCode).toBe(404);
    expect((await staff.get('/api/checkin/lookup?code=ZZZZZZZZ')).statusCode).toBe(404);
    expect((await buyer.get(`/api/checkin/lookup?code=${r.code}`)).statusCode).toBe(403);
  });

  it('draws a hold again with fresh short codes when one collides with a ticket that has it', async () => {
    const taken = (await paid()).tickets[0]?.shortCode ?? '';
    const fresh = newShortCode();
    const draws = [taken, fresh];
    const user = await env.database.db.selectFrom('users').select('id').where('role', '=', 'user').executeTakeFirstOrThrow();
    const held = await holdTickets(env.database.db, {
      userId: user.id,
      request: { eventId: event.id, items: [{ ticketTypeId: typeId, quantity: 1 }] },
      holdMinutes: 30,
      shortCode: () => draws.shift() ?? newShortCode(),
    });
    expect(held.tickets[0]?.shortCode).toBe(fresh);
    const stored = await env.database.db
      .selectFrom('tickets')
      .select('short_code')
      .where('id', '=', held.tickets[0]?.id ?? '')
      .executeTakeFirstOrThrow();
    expect(stored.short_code).toBe(fresh);
    const holders = await env.database.db.selectFrom('tickets').select('id').where('short_code', '=', taken).execute();
    expect(holders).toHaveLength(1);
  });
});

describe.skipIf(!redisUrl).each(backends)('typed-code guesses across instances with Redis on %s', (backend) => {
  let env: TestEnvironment;
  afterAll(() => env.close());

  it('counts one staff account’s guesses on two instances together: of 160 at once, 120 are judged, 40 get 429', async () => {
    env = await createTestEnvironment(backend, { redis: true });
    const [one, two] = [await env.startApp({}, { backgroundJobs: false }), await env.startApp({}, { backgroundJobs: false })];
    const event = await gaEvent(env, one, 5);
    const staff = await clientWithRole(env, one, 'staff');
    const twin = new TestClient(two, staff.ip);
    for (const [k, v] of staff.cookies) twin.cookies.set(k, v);
    const answers = await Promise.all(
      Array.from({ length: 160 }, (_, i) =>
        (i % 2 === 0 ? staff : twin).post('/api/checkin', { code: newShortCode(), eventId: event.id }),
      ),
    );
    expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(120);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(40);
  });
});
