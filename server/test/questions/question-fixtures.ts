/** An event with two ticket types and one question of every kind, for the questions tests. */
import type { QuestionInput } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import type { TestEnvironment } from '../support/test-app.js';

export interface QuestionBody {
  id: string;
  label: string;
  kind: string;
  options: string[];
  required: boolean;
  perTicket: boolean;
  ticketTypeIds: string[];
  position: number;
}

export interface AskingEvent {
  admin: TestClient;
  event: EventBody;
  standard: string;
  vip: string;
  /** By name: name (text, per ticket, required), email (per VIP ticket, required), diet (choice, per ticket),
   * birth (date, per ticket), topics (multi, order), phone (order), agree (checkbox, order, required). */
  q: Record<'name' | 'email' | 'diet' | 'birth' | 'topics' | 'phone' | 'agree', string>;
}

export async function askingEvent(env: TestEnvironment, app: FastifyInstance): Promise<AskingEvent> {
  const admin = await adminClient(env, app);
  const event = await createEvent(
    admin,
    eventInput((await createVenue(admin)).id, {
      ticketTypes: [
        { name: 'Standard', priceCents: 2500, capacity: 50 },
        { name: 'VIP', priceCents: 9000, capacity: 10 },
      ],
    }),
  );
  const standard = event.ticketTypes[0]?.id ?? '';
  const vip = event.ticketTypes[1]?.id ?? '';
  const add = async (input: QuestionInput) => {
    const res = await admin.post(`/api/events/${event.id}/questions`, input);
    if (res.statusCode !== 201) throw new Error(`question: ${res.statusCode} ${res.body}`);
    return res.json<QuestionBody>().id;
  };
  const q = {
    name: await add({ label: 'Full name', kind: 'text', required: true, perTicket: true }),
    email: await add({ label: 'Email', kind: 'email', required: true, perTicket: true, ticketTypeIds: [vip] }),
    diet: await add({ label: 'Diet', kind: 'choice', options: ['veg', 'meat'], perTicket: true }),
    birth: await add({ label: 'Birth date', kind: 'date', perTicket: true }),
    topics: await add({ label: 'Topics', kind: 'multi', options: ['jazz', 'rock', 'folk'] }),
    phone: await add({ label: 'Phone', kind: 'phone' }),
    agree: await add({ label: 'I agree', kind: 'checkbox', required: true }),
  };
  return { admin, event, standard, vip, q };
}

/** Valid answers for one Standard ticket then one VIP ticket. */
export function goodAnswers(a: AskingEvent) {
  return [
    { questionId: a.q.name, ticket: 0, value: 'Ana Pop' },
    { questionId: a.q.name, ticket: 1, value: 'Ion Pop' },
    { questionId: a.q.email, ticket: 1, value: 'ion@example.com' },
    { questionId: a.q.diet, ticket: 0, value: 'veg' },
    { questionId: a.q.birth, ticket: 1, value: '1990-02-28' },
    { questionId: a.q.topics, ticket: null, value: ['jazz', 'folk'] },
    { questionId: a.q.phone, ticket: null, value: '+40 722 000 000' },
    { questionId: a.q.agree, ticket: null, value: true },
  ];
}

export const holdBody = (a: AskingEvent, answers: unknown[]) => ({
  eventId: a.event.id,
  items: [
    { ticketTypeId: a.standard, quantity: 1 },
    { ticketTypeId: a.vip, quantity: 1 },
  ],
  answers,
});

export const put = (client: TestClient, url: string, body: unknown): Promise<LightMyRequestResponse> =>
  client.request('PUT', url, body);

export const pathsOf = (res: LightMyRequestResponse) =>
  (res.json<{ errors?: { path: string }[] }>().errors ?? []).map((e) => e.path);
