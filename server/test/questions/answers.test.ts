/**
 * Answers to an event's questions: checked against each question's kind and the ticket types it
 * applies to, refused with the path of every wrong or missing field and nothing written, shown on
 * the reservation (per order and per ticket) and to admins, editable by the buyer until the event
 * starts and while none of its tickets is checked in (and one edit at a time), in the CSV export a
 * column each, and filterable in the admin list.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import type { TestClient } from '../support/client.js';
import { parseCsv } from '../support/csv.js';
import { buyers, CARDS, gaEvent, seatedEvent, type ReservationBody } from '../support/reservation-fixtures.js';
import { clientWithRole } from '../tickets/ticket-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { holdTickets } from '../../src/reservations/hold.js';
import { askingEvent, goodAnswers, holdBody, pathsOf, put, type AskingEvent } from './question-fixtures.js';

type AnswerBody = { questionId: string; value: unknown };
type Answered = Omit<ReservationBody, 'tickets'> & {
  answers: AnswerBody[];
  tickets: (ReservationBody['tickets'][number] & { answers: AnswerBody[] })[];
};

describe.each(backends)('answers to questions on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let alice: TestClient;
  let bob: TestClient;
  let a: AskingEvent;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [alice, bob] = (await buyers(app, 2)) as [TestClient, TestClient];
    a = await askingEvent(env, app);
  });
  afterAll(() => env.close());

  const written = async () => {
    const db = env.database.db;
    const [reservations, answers] = await Promise.all([
      db
        .selectFrom('reservations')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where('event_id', '=', a.event.id)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('reservation_answers')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { reservations: Number(reservations.n), answers: Number(answers.n) };
  };

  it('refuses a wrong value of every kind, and every misplaced answer, with its path and nothing written', async () => {
    const before = await written();
    const wrong: [string, number | null, unknown, string][] = [
      [a.q.name, 0, ' ', `/answers/${a.q.name}/0`],
      [a.q.name, 0, 'x'.repeat(1001), `/answers/${a.q.name}/0`],
      [a.q.name, 0, true, `/answers/${a.q.name}/0`],
      [a.q.name, 0, 42, `/answers/${a.q.name}/0`],
      [a.q.name, 0, { text: 'Ana' }, `/answers/${a.q.name}/0`],
      [a.q.topics, null, [1], `/answers/${a.q.topics}/order`],
      [a.q.agree, null, null, `/answers/${a.q.agree}/order`],
      [a.q.email, 1, 'not-an-email', `/answers/${a.q.email}/1`],
      [a.q.diet, 0, 'fish', `/answers/${a.q.diet}/0`],
      [a.q.diet, 0, ['veg'], `/answers/${a.q.diet}/0`],
      [a.q.birth, 1, '1990-02-30', `/answers/${a.q.birth}/1`],
      [a.q.birth, 1, '28.02.1990', `/answers/${a.q.birth}/1`],
      [a.q.topics, null, ['jazz', 'metal'], `/answers/${a.q.topics}/order`],
      [a.q.topics, null, ['jazz', 'jazz'], `/answers/${a.q.topics}/order`],
      [a.q.phone, null, '07two', `/answers/${a.q.phone}/order`],
      [a.q.phone, null, '123', `/answers/${a.q.phone}/order`],
      [a.q.agree, null, 'yes', `/answers/${a.q.agree}/order`],
      [a.q.agree, null, false, `/answers/${a.q.agree}/order`],
      // Misplaced: an order question per ticket, a ticket question per order, a ticket not in the
      // order, a question of another type's tickets, a question the event does not ask.
      [a.q.phone, 0, '+40722000000', `/answers/${a.q.phone}/0`],
      [a.q.diet, null, 'veg', `/answers/${a.q.diet}/order`],
      [a.q.diet, 2, 'veg', `/answers/${a.q.diet}/2`],
      [a.q.email, 0, 'ana@example.com', `/answers/${a.q.email}/0`],
      ['no-such-question', null, 'x', '/answers/no-such-question/order'],
    ];
    for (const [questionId, ticket, value, path] of wrong) {
      const answers = [
        ...goodAnswers(a).filter((g) => !(g.questionId === questionId && g.ticket === ticket)),
        { questionId, ticket, value },
      ];
      const res = await alice.post('/api/reservations', holdBody(a, answers));
      expect(res.statusCode, `${path} ${JSON.stringify(value)}`).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
      expect(pathsOf(res)).toEqual([path]);
    }
    expect(await written()).toEqual(before);
  });

  it('names the second ticket when its required answer is missing, and only the types a question applies to', async () => {
    const missing = goodAnswers(a).filter((g) => !(g.questionId === a.q.name && g.ticket === 1));
    const res = await alice.post('/api/reservations', holdBody(a, missing));
    expect(res.statusCode).toBe(400);
    expect(pathsOf(res)).toEqual([`/answers/${a.q.name}/1`]);
    // Two Standard tickets: the VIP-only email is not asked, the name of both is.
    const standardOnly = await alice.post('/api/reservations', {
      eventId: a.event.id,
      items: [{ ticketTypeId: a.standard, quantity: 2 }],
      answers: [
        { questionId: a.q.name, ticket: 0, value: 'Ana' },
        { questionId: a.q.agree, ticket: null, value: true },
      ],
    });
    expect(pathsOf(standardOnly)).toEqual([`/answers/${a.q.name}/1`]);
    const both = await alice.post('/api/reservations', {
      eventId: a.event.id,
      items: [{ ticketTypeId: a.standard, quantity: 2 }],
      answers: [
        { questionId: a.q.name, ticket: 0, value: 'Ana' },
        { questionId: a.q.name, ticket: 1, value: 'Dan' },
        { questionId: a.q.agree, ticket: null, value: true },
      ],
    });
    expect(both.statusCode).toBe(201);
    expect(both.json<Answered>().tickets.map((t) => t.answers.map((x) => x.value))).toEqual([['Ana'], ['Dan']]);
  });

  it('shows the answers on the reservation, to admins, in the CSV and through the admin filter', async () => {
    const held = await bob.post('/api/reservations', holdBody(a, goodAnswers(a)));
    expect(held.statusCode).toBe(201);
    const body = held.json<Answered>();
    expect(body.answers.map((x) => [x.questionId, x.value])).toEqual([
      [a.q.topics, ['jazz', 'folk']],
      [a.q.phone, '+40 722 000 000'],
      [a.q.agree, true],
    ]);
    expect(body.tickets[0]?.answers.map((x) => x.questionId)).toEqual([a.q.name, a.q.diet]);
    expect(body.tickets[1]?.answers.map((x) => x.questionId)).toEqual([a.q.name, a.q.email, a.q.birth]);
    expect((await bob.get(`/api/reservations/${body.id}`)).json()).toEqual(body);
    const adminView = (await a.admin.get(`/api/admin/reservations/${body.id}`)).json<Answered>();
    expect(adminView.answers).toEqual(body.answers);
    expect(adminView.tickets.map((t) => t.answers)).toEqual(body.tickets.map((t) => t.answers));

    const csv = parseCsv((await a.admin.get(`/api/admin/events/${a.event.id}/attendees.csv`)).body.replace(/^\uFEFF/, ''));
    const header = csv[0] ?? [];
    expect(header.slice(-7)).toEqual(['Full name', 'Email', 'Diet', 'Birth date', 'Topics', 'Phone', 'I agree']);
    const rows = csv.filter((r) => r[0] === body.code);
    expect(rows.map((r) => r.slice(-7))).toEqual([
      ['Ana Pop', '', 'veg', '', 'jazz; folk', "'+40 722 000 000", 'yes'],
      ['Ion Pop', 'ion@example.com', '', '1990-02-28', 'jazz; folk', "'+40 722 000 000", 'yes'],
    ]);

    const filter = async (query: string) =>
      (await a.admin.get(`/api/admin/reservations?eventId=${a.event.id}&${query}`))
        .json<{ items: { id: string }[] }>()
        .items.map((r) => r.id);
    expect(await filter(`questionId=${a.q.email}&answer=ION@example`)).toEqual([body.id]);
    expect(await filter(`questionId=${a.q.diet}&answer=meat`)).toEqual([]);
    expect(await filter(`answer=folk`)).toContain(body.id);
  });

  it('lets the buyer edit the answers until the event starts, one edit at a time, and no one else', async () => {
    const held = (await alice.post('/api/reservations', holdBody(a, goodAnswers(a)))).json<Answered>();
    const url = `/api/reservations/${held.id}/answers`;
    const bad = await put(alice, url, { answers: goodAnswers(a).filter((g) => g.questionId !== a.q.agree) });
    expect(pathsOf(bad)).toEqual([`/answers/${a.q.agree}/order`]);
    expect((await alice.get(`/api/reservations/${held.id}`)).json()).toEqual(held);
    expect((await put(bob, url, { answers: goodAnswers(a) })).statusCode).toBe(404);

    // Ten edits at once: each replaces the whole set, so exactly one set is left.
    const edits = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        put(alice, url, {
          answers: goodAnswers(a).map((g) => (g.questionId === a.q.phone ? { ...g, value: `+40 722 000 00${i}` } : g)),
        }),
      ),
    );
    expect(edits.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
    const stored = await env.database.db
      .selectFrom('reservation_answers')
      .select('value')
      .where('reservation_id', '=', held.id)
      .execute();
    expect(stored).toHaveLength(goodAnswers(a).length);
    const after = (await alice.get(`/api/reservations/${held.id}`)).json<Answered>();
    expect(after.answers.find((x) => x.questionId === a.q.phone)?.value).toMatch(/^\+40 722 000 00\d$/);

    await env.database.db
      .updateTable('events')
      .set({ starts_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', a.event.id)
      .execute();
    try {
      const late = await put(alice, url, { answers: goodAnswers(a) });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'conflict' });
    } finally {
      await env.database.db
        .updateTable('events')
        .set({ starts_at: new Date(Date.now() + 10 * 24 * 3600_000).toISOString() })
        .where('id', '=', a.event.id)
        .execute();
    }
  });

  it('keeps the answers of a reservation once one of its tickets is checked in, as they were at the door', async () => {
    const held = (await alice.post('/api/reservations', holdBody(a, goodAnswers(a)))).json<Answered>();
    const paid = await alice.post(`/api/reservations/${held.id}/pay`, { method: 'card', card: CARDS.ok });
    expect(paid.statusCode, paid.body).toBe(200);
    const staff = await clientWithRole(env, app, 'staff');
    const qr = paid.json<{ tickets: { qr: string }[] }>().tickets[0]?.qr;
    expect((await staff.post('/api/checkin', { code: qr, eventId: a.event.id })).json()).toMatchObject({ result: 'ok' });
    const before = (await alice.get(`/api/reservations/${held.id}`)).json<Answered>();
    // Doors open before the start: the event has not started, but this ticket is already used.
    const edit = await put(alice, `/api/reservations/${held.id}/answers`, {
      answers: goodAnswers(a).map((g) => (g.questionId === a.q.phone ? { ...g, value: '+40 722 999 999' } : g)),
    });
    expect(edit.statusCode, edit.body).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'conflict' });
    expect((await alice.get(`/api/reservations/${held.id}`)).json<Answered>().answers).toEqual(before.answers);
  });

  it("indexes a seated reservation's tickets in seat-map order, as its tickets are listed", async () => {
    const { event, seatIds } = await seatedEvent(env, app, 1, 4);
    const question = await a.admin.post(`/api/events/${event.id}/questions`, {
      label: 'Name',
      kind: 'text',
      required: true,
      perTicket: true,
    });
    const id = question.json<{ id: string }>().id;
    const held = await alice.post('/api/reservations', {
      eventId: event.id,
      seats: [seatIds[2], seatIds[0]],
      answers: [
        { questionId: id, ticket: 0, value: 'first on the map' },
        { questionId: id, ticket: 1, value: 'third on the map' },
      ],
    });
    expect(held.statusCode, held.body).toBe(201);
    const tickets = held.json<Answered>().tickets;
    expect(tickets.map((t) => [t.seat?.number, t.answers[0]?.value])).toEqual([
      [1, 'first on the map'],
      [3, 'third on the map'],
    ]);
  });

  it('sends an event without questions not one statement more: questions cost a hold one read and one write', async () => {
    let queries = 0;
    // The same database, counting the statements sent through it.
    const counting = env.database.db.withPlugin({
      transformQuery: (args) => {
        queries++;
        return args.node;
      },
      transformResult: (args) => Promise.resolve(args.result),
    });
    const user = await env.database.db.selectFrom('users').select('id').where('role', '=', 'user').executeTakeFirstOrThrow();
    const plain = await gaEvent(env, app, 10, {
      ticketTypes: [
        { name: 'Standard', priceCents: 2500, capacity: 10 },
        { name: 'VIP', priceCents: 9000, capacity: 10 },
      ],
    });
    const hold = async (request: Parameters<typeof holdTickets>[1]['request']) => {
      queries = 0;
      await holdTickets(counting, { userId: user.id, request, holdMinutes: 30 });
      return queries;
    };
    const withoutQuestions = await hold({
      eventId: plain.id,
      items: plain.ticketTypes.map((t) => ({ ticketTypeId: t.id, quantity: 1 })),
    });
    const withQuestions = await hold({ ...holdBody(a, []), answers: goodAnswers(a) });
    expect(withQuestions).toBe(withoutQuestions + 2);
  });

  it('costs an event without questions nothing, and refuses answers to questions it does not ask', async () => {
    const plain = await gaEvent(env, app, 10);
    const items = [{ ticketTypeId: plain.ticketTypes[0]?.id ?? '', quantity: 1 }];
    const held = await alice.post('/api/reservations', { eventId: plain.id, items });
    expect(held.statusCode).toBe(201);
    expect(held.json<Answered>()).not.toHaveProperty('answers');
    const stray = await alice.post('/api/reservations', {
      eventId: plain.id,
      items,
      answers: [{ questionId: a.q.phone, ticket: null, value: '+40722000000' }],
    });
    expect(pathsOf(stray)).toEqual([`/answers/${a.q.phone}/order`]);
  });
});
