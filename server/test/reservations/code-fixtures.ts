/**
 * The stage of the discount and access code tests: one app with a site admin and 25 signed-in
 * buyers (a CSRF token each), codes made through the admin API, holds sent with an Idempotency-Key
 * of their own, and a code's uses read back from its row.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { BackendName } from '../support/backends.js';
import { adminClient, type EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, holdRetrying503 } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

/** A reservation as the hold answers it, with the price fields the code tests check. */
export interface Held {
  id: string;
  status: string;
  totalCents: number;
  subtotalCents: number;
  discountCents: number;
  taxCents: number;
  discountCode: string | null;
  paymentMethod: string | null;
  lines: {
    ticketTypeId: string;
    quantity: number;
    unitPriceCents: number;
    discountCents: number;
    totalCents: number;
    taxRate: number;
  }[];
  tickets: { qr: string | null }[];
}

export interface CodeShop {
  /** Makes the environment on `backend`, its app, the admin and the buyers; call it in beforeAll. */
  open: () => Promise<{ env: TestEnvironment; app: FastifyInstance; admin: TestClient }>;
  close: () => Promise<void>;
  /** Buyer `i`, counted round the 25. */
  buyer: (i: number) => TestClient;
  /** A code of the event, made by the admin (201 expected). */
  makeCode: (eventId: string, body: Record<string, unknown>) => Promise<{ id: string; code: string; uses: number }>;
  usesOf: (codeId: string) => Promise<number>;
  /** Buyer `i` holds `quantity` of the event's first type, `extra` merged into the body (a code, other items). */
  hold: (i: number, event: EventBody, extra?: Record<string, unknown>, quantity?: number) => Promise<LightMyRequestResponse>;
}

export function codeShop(backend: BackendName): CodeShop {
  let env: TestEnvironment | undefined;
  let admin: TestClient | undefined;
  let clients: TestClient[] = [];
  let holdKeys = 0;
  const opened = () => {
    if (env === undefined || admin === undefined) throw new Error('codeShop: call open() in beforeAll first');
    return { env, admin };
  };
  const buyer = (i: number) => clients[i % clients.length] as TestClient;

  return {
    open: async () => {
      env = await createTestEnvironment(backend);
      const app = await env.startApp();
      admin = await adminClient(env, app);
      clients = await buyers(app, 25);
      await Promise.all(clients.map((c) => c.token()));
      return { env, app, admin };
    },
    close: () => opened().env.close(),
    buyer,
    makeCode: async (eventId, body) => {
      const res = await opened().admin.post(`/api/events/${eventId}/codes`, body);
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string; code: string; uses: number }>();
    },
    usesOf: async (codeId) => {
      const db = opened().env.database.db;
      return (await db.selectFrom('discount_codes').select('uses').where('id', '=', codeId).executeTakeFirstOrThrow()).uses;
    },
    hold: (i, event, extra = {}, quantity = 1) =>
      holdRetrying503(
        buyer(i),
        { eventId: event.id, items: [{ ticketTypeId: event.ticketTypes[0]?.id ?? '', quantity }], ...extra },
        `codes-${backend}-${++holdKeys}`,
      ),
  };
}
