/**
 * Check-in of a cancelled event (issue 14, "Cancelled events still sell and admit"): a paid ticket
 * whose event is no longer published is refused as not_valid, and a cancellation that commits while
 * scans are under way admits none of them after it.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../src/db/dialect.js';
import { backends } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay, type PaidReservation } from '../tickets/ticket-fixtures.js';

type Answer = { result: string; ticket: { id: string } | null; checkedInAt: string | null };

describe.each(backends)('check-in of a cancelled event on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let staff: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    staff = await clientWithRole(env, app, 'staff');
  });
  afterAll(() => env.close());

  /** A published event with `count` paid reservations of `each` tickets. */
  async function paidTickets(count: number, each: number): Promise<{ eventId: string; paid: PaidReservation[] }> {
    const event = await gaEvent(env, app, count * each);
    const typeId = event.ticketTypes[0]?.id ?? '';
    const paid: PaidReservation[] = [];
    for (let i = 0; i < count; i++) paid.push(await reserveAndPay(buyer, event.id, typeId, each));
    return { eventId: event.id, paid };
  }

  const checkedIn = async (ticketIds: string[]) =>
    (await env.database.db.selectFrom('tickets').select('checked_in_at').where('id', 'in', ticketIds).execute()).filter(
      (t) => t.checked_in_at !== null,
    ).length;

  it.each(['cancelled', 'draft'] as const)(
    'refuses a paid ticket as not_valid once its event is %s, and records the refusal',
    async (status) => {
      const { eventId, paid } = await paidTickets(1, 1);
      const ticket = paid[0]?.tickets[0];
      // As a payment that raced the cancellation leaves it: the reservation still paid, the event not on.
      await env.database.db.updateTable('events').set({ status, updated_at: nowIso() }).where('id', '=', eventId).execute();
      const res = await staff.post('/api/checkin', { code: ticket?.qr ?? '', eventId });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Answer>()).toMatchObject({ result: 'not_valid', ticket: { id: ticket?.id }, checkedInAt: null });
      expect(await checkedIn([ticket?.id ?? ''])).toBe(0);
      const scans = await env.database.db
        .selectFrom('checkin_scans')
        .select('result')
        .where('ticket_id', '=', ticket?.id ?? '')
        .execute();
      expect(scans).toEqual([{ result: 'not_valid' }]);
    },
  );

  it('admits none of the scans waiting while the cancellation commits', async () => {
    const { eventId, paid } = await paidTickets(5, 4);
    const tickets = paid.flatMap((r) => r.tickets);
    await staff.token();
    let committed = false;
    const answeredBeforeCommit: string[] = [];
    let scans: Promise<Answer[]> | undefined;
    // The cancellation's transaction is open (the event row changed, not yet committed) while 20
    // scans arrive; it commits only after they had time to reach the database.
    await app.services.database.db.transaction().execute(async (trx) => {
      await trx.updateTable('events').set({ status: 'cancelled', updated_at: nowIso() }).where('id', '=', eventId).execute();
      scans = Promise.all(
        tickets.map(async (t) => {
          const res = await staff.post('/api/checkin', { code: t.qr ?? '', eventId, device: 'racing door' });
          if (!committed) answeredBeforeCommit.push(res.body);
          expect(res.statusCode, res.body).toBe(200);
          return res.json<Answer>();
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      committed = true;
    });
    const answers = await (scans ?? Promise.resolve([]));
    // None may be answered while the cancellation was open: that answer could not have seen it.
    expect(answeredBeforeCommit).toEqual([]);
    expect(answers.map((a) => a.result)).toEqual(tickets.map(() => 'not_valid'));
    expect(await checkedIn(tickets.map((t) => t.id))).toBe(0);
  });

  it("answers scans racing the admin's cancel route with ok or not_valid, admits what it says, and nobody after", async () => {
    const { eventId, paid } = await paidTickets(6, 4);
    const tickets = paid.flatMap((r) => r.tickets);
    const [racing, after] = [tickets.slice(0, 16), tickets.slice(16)];
    const admin = await adminClient(env, app);
    await Promise.all([admin.token(), staff.token()]);
    const scanAll = (list: typeof tickets) =>
      Promise.all(list.map((t) => staff.post('/api/checkin', { code: t.qr ?? '', eventId, device: 'racing door' })));
    const [cancel, raced] = await Promise.all([admin.post(`/api/events/${eventId}/cancel`), scanAll(racing)]);
    expect(cancel.statusCode, cancel.body).toBe(200);
    // Never a 5xx (a deadlock between the event's lock and the admissions would be one).
    expect(raced.map((r) => r.statusCode)).toEqual(racing.map(() => 200));
    const results = raced.map((r) => r.json<Answer>().result);
    expect(results.every((r) => r === 'ok' || r === 'not_valid')).toBe(true);
    expect(await checkedIn(racing.map((t) => t.id))).toBe(results.filter((r) => r === 'ok').length);
    const late = (await scanAll(after)).map((r) => r.json<Answer>().result);
    expect(late).toEqual(after.map(() => 'not_valid'));
    expect(await checkedIn(after.map((t) => t.id))).toBe(0);
  });
});
