/** The stage of the name and transfer tests: an app, a signed-up buyer, staff at the door, and a GA event. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { BackendName } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail, type TestUser } from '../support/client.js';
import { gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { clientWithRole, reserveAndPay, type PaidReservation } from './ticket-fixtures.js';

export interface Person {
  client: TestClient;
  user: TestUser;
}

let ip = 0;
/** A verified account signed in from its own address (so rate limits per address do not add up). */
export async function person(app: FastifyInstance, prefix = 'holder'): Promise<Person> {
  ip++;
  const client = new TestClient(app, `10.70.${Math.floor(ip / 250)}.${ip % 250}`);
  return { client, user: await client.register(uniqueEmail(prefix)) };
}

export function transferTicket(client: TestClient, reservation: { id: string }, ticketId: string, email: string) {
  return client.post(`/api/reservations/${reservation.id}/tickets/${ticketId}/transfer`, { email });
}

export interface TransferStage {
  env: TestEnvironment;
  app: FastifyInstance;
  buyer: Person;
  staff: TestClient;
  event: EventBody;
  typeId: string;
  /** A paid reservation of `quantity` tickets of the buyer. */
  paid: (quantity?: number) => Promise<PaidReservation>;
}

/** Sets the stage up before the describe block's tests and closes it after them. */
export function transferStage(backend: BackendName): TransferStage {
  const stage = {} as TransferStage;
  beforeAll(async () => {
    stage.env = await createTestEnvironment(backend);
    stage.app = await stage.env.startApp({}, { backgroundJobs: false });
    stage.buyer = await person(stage.app, 'buyer');
    stage.staff = await clientWithRole(stage.env, stage.app, 'staff');
    stage.event = await gaEvent(stage.env, stage.app, 100, { maxTicketsPerOrder: 10 });
    stage.typeId = stage.event.ticketTypes[0]?.id ?? '';
    stage.paid = (quantity = 1) => reserveAndPay(stage.buyer.client, stage.event.id, stage.typeId, quantity);
  });
  afterAll(() => stage.env.close());
  return stage;
}
