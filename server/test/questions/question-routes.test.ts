/**
 * An event's questions: written by its organizer's managers (another organizer's manager gets 404,
 * a check-in member or a buyer 403), read by anyone once the event is public, checked
 * (options, ticket types, order), audited, never more than the limit even when created at once,
 * deleted without losing the answers already given, and, once answered, kept to the kind and place
 * (per ticket or per order) the answers were given for.
 */
import { QUESTION_LIMITS } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { eventInput } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { createOrganizer, member } from '../organizers/organizer-fixtures.js';
import { askingEvent, goodAnswers, holdBody, pathsOf, put, type QuestionBody } from './question-fixtures.js';

describe.each(backends)('event questions on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let manager: TestClient;
  let stranger: TestClient;
  let door: TestClient;
  let buyer: TestClient;

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    const team = await createOrganizer(env, app, 'Asking Org');
    manager = (await member(team, 'manager')).client;
    door = (await member(team, 'checkin')).client;
    stranger = (await member(await createOrganizer(env, app, 'Other Org'), 'manager')).client;
    [buyer] = (await buyers(app, 1)) as [TestClient];
  });
  afterAll(() => env.close());

  async function draftEvent() {
    const venue = await manager.post('/api/venues', {
      name: 'Hall',
      address: 'Street 1',
      city: 'Cluj',
      capacity: 50,
      layout: null,
    });
    const event = await manager.post('/api/events', eventInput(venue.json<{ id: string }>().id));
    expect(event.statusCode, event.body).toBe(201);
    return event.json<{ id: string; ticketTypes: { id: string }[] }>();
  }

  it('is written by the managers of the event and read publicly once published', async () => {
    const event = await draftEvent();
    const url = `/api/events/${event.id}/questions`;
    const input = {
      label: ' Diet ',
      kind: 'choice',
      options: ['veg', 'meat'],
      perTicket: true,
      ticketTypeIds: [event.ticketTypes[0]?.id],
    };
    expect((await stranger.post(url, input)).statusCode).toBe(404);
    expect((await door.post(url, input)).statusCode).toBe(403);
    expect((await buyer.post(url, input)).statusCode).toBe(403);
    const created = await manager.post(url, input);
    expect(created.statusCode, created.body).toBe(201);
    const q = created.json<QuestionBody>();
    expect(q).toMatchObject({
      label: 'Diet',
      kind: 'choice',
      options: ['veg', 'meat'],
      required: false,
      perTicket: true,
      position: 0,
    });

    // A draft's questions are its team's only.
    expect((await app.inject(url)).statusCode).toBe(404);
    expect((await stranger.get(url)).statusCode).toBe(404);
    expect((await manager.get(url)).json()).toEqual([q]);
    expect((await manager.post(`/api/events/${event.id}/publish`)).statusCode).toBe(200);
    expect((await app.inject(url)).json()).toEqual([q]);

    const patched = await manager.patch(`${url}/${q.id}`, { kind: 'text', required: true });
    expect(patched.json()).toMatchObject({ kind: 'text', options: [], required: true });
    expect((await stranger.patch(`${url}/${q.id}`, { label: 'Taken' })).statusCode).toBe(404);
    const audit = await env.database.db
      .selectFrom('audit_log')
      .select(['action', 'organizer_id'])
      .where('entity_id', '=', event.id)
      .where('action', 'like', 'question.%')
      .execute();
    expect(audit.map((r) => r.action).sort()).toEqual(['question.create', 'question.update']);
  });

  it('refuses bad questions and bad orders with their paths, changing nothing', async () => {
    const event = await draftEvent();
    const url = `/api/events/${event.id}/questions`;
    const other = await draftEvent();
    const refusals: [unknown, string][] = [
      [{ label: 'Pick', kind: 'choice' }, '/options'],
      [{ label: 'Pick', kind: 'multi', options: ['a', 'a'] }, '/options'],
      [{ label: 'Pick', kind: 'text', ticketTypeIds: [other.ticketTypes[0]?.id] }, '/ticketTypeIds'],
      [{ label: '', kind: 'text' }, '/label'],
      // Blank once trimmed: a form field with no question above it.
      [{ label: ' \t ', kind: 'text' }, '/label'],
      [{ label: 'Colour', kind: 'colour' }, '/kind'],
      [{ label: 'Extra', kind: 'text', secret: 1 }, ''],
    ];
    for (const [body, path] of refusals) {
      const res = await manager.post(url, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (path !== '') expect(pathsOf(res)).toContain(path);
    }
    expect((await manager.get(url)).json()).toEqual([]);

    const ids: string[] = [];
    for (const label of ['A', 'B', 'C']) ids.push((await manager.post(url, { label, kind: 'text' })).json<QuestionBody>().id);
    expect(pathsOf(await manager.patch(`${url}/${ids[0]}`, { label: '   ' }))).toEqual(['/label']);
    expect((await manager.get(url)).json<QuestionBody[]>().map((q) => q.label)).toEqual(['A', 'B', 'C']);
    const order = `${url}/order`;
    for (const questionIds of [ids.slice(0, 2), [ids[0], ids[0], ids[1]], [...ids.slice(0, 2), 'nope']])
      expect(pathsOf(await put(manager, order, { questionIds }))).toEqual(['/questionIds']);
    const reordered = await put(manager, order, { questionIds: [ids[2], ids[0], ids[1]] });
    expect(reordered.json<QuestionBody[]>().map((q) => [q.label, q.position])).toEqual([
      ['C', 0],
      ['A', 1],
      ['B', 2],
    ]);
    expect((await put(stranger, order, { questionIds: ids })).statusCode).toBe(404);
  });

  it(`never passes ${QUESTION_LIMITS.questions} questions, even created all at once`, async () => {
    const event = await draftEvent();
    const url = `/api/events/${event.id}/questions`;
    for (let i = 0; i < QUESTION_LIMITS.questions - 3; i++) await manager.post(url, { label: `Q${i}`, kind: 'text' });
    const burst = await Promise.all(
      Array.from({ length: 8 }, (_, i) => manager.post(url, { label: `Burst ${i}`, kind: 'text' })),
    );
    expect(burst.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(burst.filter((r) => r.statusCode === 422).map((r) => r.json<{ code: string }>().code)).toEqual(
      Array(5).fill('limit_exceeded'),
    );
    const listed = (await manager.get(url)).json<QuestionBody[]>();
    expect(listed).toHaveLength(QUESTION_LIMITS.questions);
    expect(new Set(listed.map((q) => q.position)).size).toBe(QUESTION_LIMITS.questions);
  });

  it('hides the questions of hidden types from the public; the code and the buyer of one still get them', async () => {
    const a = await askingEvent(env, app);
    // A third type, hidden: sold only with an access code; one question asked of it alone, one of it and Standard.
    const secretTypes = [
      ...a.event.ticketTypes.map((t) => ({ id: t.id, name: t.name, priceCents: t.priceCents, capacity: t.capacity })),
      { name: 'Backstage', priceCents: 15000, capacity: 5, hidden: true },
    ];
    const patched = await a.admin.patch(`/api/events/${a.event.id}`, { ticketTypes: secretTypes });
    expect(patched.statusCode, patched.body).toBe(200);
    const backstage = patched
      .json<{ ticketTypes: { id: string; name: string }[] }>()
      .ticketTypes.find((t) => t.name === 'Backstage');
    const secret = backstage?.id ?? '';
    const url = `/api/events/${a.event.id}/questions`;
    const only = (
      await a.admin.post(url, { label: 'Backstage badge name', kind: 'text', ticketTypeIds: [secret] })
    ).json<QuestionBody>();
    const mixed = (
      await a.admin.post(url, { label: 'Parking', kind: 'checkbox', perTicket: true, ticketTypeIds: [a.standard, secret] })
    ).json<QuestionBody>();
    const code = await a.admin.post(`/api/events/${a.event.id}/codes`, { code: 'CREW', kind: 'access', ticketTypeIds: [secret] });
    expect(code.statusCode, code.body).toBe(201);

    // Anyone: nothing says a hidden type exists.
    const open = await app.inject(url);
    expect(open.statusCode).toBe(200);
    expect(open.body).not.toContain(secret);
    expect(open.body).not.toContain('Backstage badge name');
    expect(open.json<QuestionBody[]>().find((q) => q.id === mixed.id)?.ticketTypeIds).toEqual([a.standard]);
    expect((await buyer.get(url)).body).not.toContain(secret);
    // The code's holder gets the questions of the types it unlocks; a wrong code is refused as on the event page.
    const coded = await app.inject(`${url}?code=crew`);
    expect(coded.statusCode, coded.body).toBe(200);
    expect(coded.json<QuestionBody[]>().find((q) => q.id === only.id)).toEqual(only);
    expect(coded.json<QuestionBody[]>().find((q) => q.id === mixed.id)).toEqual(mixed);
    const wrong = await app.inject(`${url}?code=NOPE`);
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'code_invalid' });
    // The team sees every question as written.
    expect((await a.admin.get(url)).json<QuestionBody[]>().map((q) => q.id)).toEqual(expect.arrayContaining([only.id, mixed.id]));

    // The buyer of a hidden ticket edits its answers later: ?reservation= names their reservation.
    const held = await buyer.post('/api/reservations', {
      eventId: a.event.id,
      items: [{ ticketTypeId: secret, quantity: 1 }],
      code: 'CREW',
      answers: [
        { questionId: a.q.name, ticket: 0, value: 'Ana Pop' },
        { questionId: a.q.agree, ticket: null, value: true },
      ],
    });
    expect(held.statusCode, held.body).toBe(201);
    const reservationId = held.json<{ id: string }>().id;
    const mine = await buyer.get(`${url}?reservation=${reservationId}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<QuestionBody[]>().find((q) => q.id === only.id)).toEqual(only);
    // Someone else's reservation, or none signed in, is the 404 of no reservation, and reveals nothing.
    const [other] = (await buyers(app, 1)) as [TestClient];
    const theirs = await other.get(`${url}?reservation=${reservationId}`);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).not.toContain(secret);
    expect((await app.inject(`${url}?reservation=${reservationId}`)).statusCode).toBe(404);
  });

  it('deletes a question from the form but keeps the answers already given', async () => {
    const a = await askingEvent(env, app);
    const held = await buyer.post('/api/reservations', holdBody(a, goodAnswers(a)));
    expect(held.statusCode, held.body).toBe(201);
    const id = held.json<{ id: string }>().id;
    const url = `/api/events/${a.event.id}/questions`;
    expect((await a.admin.delete(`${url}/${a.q.phone}`)).statusCode).toBe(204);
    expect((await a.admin.delete(`${url}/${a.q.phone}`)).statusCode).toBe(404);
    expect((await app.inject(url)).json<QuestionBody[]>().map((q) => q.id)).not.toContain(a.q.phone);
    const view = await a.admin.get(`/api/admin/reservations/${id}`);
    expect(view.json<{ answers: { questionId: string }[] }>().answers.map((x) => x.questionId)).toContain(a.q.phone);
    // No longer asked: an answer to it is refused, and an edit keeps the one given.
    const edit = await put(buyer, `/api/reservations/${id}/answers`, { answers: goodAnswers(a) });
    expect(pathsOf(edit)).toEqual([`/answers/${a.q.phone}/order`]);
    const kept = await put(buyer, `/api/reservations/${id}/answers`, {
      answers: goodAnswers(a).filter((g) => g.questionId !== a.q.phone),
    });
    expect(kept.statusCode).toBe(200);
    expect(kept.json<{ answers: { questionId: string }[] }>().answers.map((x) => x.questionId)).toContain(a.q.phone);
  });

  it('keeps the kind and the place of an answered question; its label, options and the unanswered ones may change', async () => {
    const a = await askingEvent(env, app);
    const url = `/api/events/${a.event.id}/questions`;
    // Before any answer, the kind may change.
    const early = await a.admin.patch(`${url}/${a.q.birth}`, { kind: 'text' });
    expect(early.statusCode, early.body).toBe(200);
    expect((await a.admin.patch(`${url}/${a.q.birth}`, { kind: 'date' })).statusCode).toBe(200);
    const held = await buyer.post('/api/reservations', holdBody(a, goodAnswers(a)));
    expect(held.statusCode, held.body).toBe(201);

    // "1990-02-28" given as a date would be read back as a text; "Ana Pop" given per ticket as the order's.
    for (const [id, patch] of [
      [a.q.birth, { kind: 'text' }],
      [a.q.name, { perTicket: false }],
      [a.q.topics, { kind: 'choice' }],
    ] as const) {
      const res = await a.admin.patch(`${url}/${id}`, patch);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('has answers') });
    }
    expect((await a.admin.patch('/api/auth/me', { locale: 'ro' })).statusCode).toBe(200);
    const ro = await a.admin.patch(`${url}/${a.q.birth}`, { kind: 'text' });
    expect(ro.json<{ detail: string }>().detail).toContain('are deja răspunsuri');
    expect((await a.admin.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    const questions = (await app.inject(url)).json<QuestionBody[]>();
    expect(questions.find((q) => q.id === a.q.birth)?.kind).toBe('date');
    expect(questions.find((q) => q.id === a.q.name)?.perTicket).toBe(true);

    // The label and options of an answered question, and anything of an unanswered one, still change.
    expect((await a.admin.patch(`${url}/${a.q.birth}`, { label: 'Date of birth' })).statusCode).toBe(200);
    expect((await a.admin.patch(`${url}/${a.q.diet}`, { options: ['veg', 'meat', 'vegan'] })).statusCode).toBe(200);
    const phone = await a.admin.patch(`${url}/${a.q.phone}`, { kind: 'text' });
    expect(phone.statusCode).toBe(409); // answered: the hold gave the order's phone
    const fresh = await a.admin.post(url, { label: 'Allergies', kind: 'text' });
    const freshId = fresh.json<QuestionBody>().id;
    expect((await a.admin.patch(`${url}/${freshId}`, { kind: 'checkbox', perTicket: true })).statusCode).toBe(200);
  });
});
