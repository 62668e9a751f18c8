/**
 * The stage of the API token tests: a site admin and two organizers made straight in the database,
 * each with an owner and a venue holding one draft event; a client that sends a token and nothing
 * else; and tokens made and listed through the API, every secret and list answer kept for the test
 * that no answer but a token's creation shows its secret.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { BackendName } from '../support/backends.js';
import { adminClient, createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

export interface Created {
  id: string;
  name: string;
  scopes: string[];
  token: string;
}
export interface Listed {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  createdBy: { id: string; email: string; name: string } | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A client of the API with a token only: no cookies, no CSRF token. */
export function bearer(app: FastifyInstance, token: string, ip = '10.77.0.1') {
  return (method: Method, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      remoteAddress: ip,
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
}

export async function makeOrganizer(env: TestEnvironment, name: string): Promise<string> {
  const id = randomUUID();
  const now = new Date().toISOString();
  await env.database.db
    .insertInto('organizers')
    .values({ id, name, slug: `${name.toLowerCase()}-${id.slice(0, 8)}`, created_at: now, updated_at: now })
    .execute();
  return id;
}

/** A signed-in person written straight into the organizer's members (organizer-fixtures' member() goes through the API). */
export async function member(
  env: TestEnvironment,
  app: FastifyInstance,
  organizerId: string,
  role: 'owner' | 'manager',
  ip: string,
) {
  const client = new TestClient(app, ip);
  const user = await client.register(uniqueEmail(role));
  await env.database.db
    .insertInto('organizer_members')
    .values({ organizer_id: organizerId, user_id: user.id, role, created_at: new Date().toISOString() })
    .execute();
  return { client, user };
}
export type Member = Awaited<ReturnType<typeof member>>;

/** A venue of `organizerId` (made by the admin, then handed over) with one draft event at it. */
async function venueWithDraft(env: TestEnvironment, admin: TestClient, organizerId: string, title: string) {
  const venue = await createVenue(admin, { name: `${title} hall` });
  await env.database.db.updateTable('venues').set({ organizer_id: organizerId }).where('id', '=', venue.id).execute();
  const draft = await createEvent(admin, eventInput(venue.id, { title }), false);
  return { venueId: venue.id, draft };
}
export type VenueWithDraft = Awaited<ReturnType<typeof venueWithDraft>>;

/** Organizer A (Alpha) and B (Beta), each with its owner and its venue with a draft. */
export interface TokenStage {
  env: TestEnvironment;
  app: FastifyInstance;
  admin: TestClient;
  orgA: string;
  orgB: string;
  ownerA: Member;
  ownerB: Member;
  a: VenueWithDraft;
  b: VenueWithDraft;
}

export interface TokenSite {
  /** Makes the environment on the backend and the stage on it; call it in beforeAll. */
  open: () => Promise<TokenStage>;
  close: () => Promise<void>;
  /** Every answer a test saw, to prove that a secret appears in none but its creation. */
  seen: { label: string; res: LightMyRequestResponse }[];
  /** Every secret made here. */
  secrets: string[];
  db: () => TestEnvironment['database']['db'];
  countEvents: () => Promise<number>;
  makeToken: (owner: TestClient, organizerId: string, scopes: string[], name?: string) => Promise<Created>;
  listTokens: (owner: TestClient, organizerId: string) => Promise<Listed[]>;
}

export function tokenSite(backend: BackendName): TokenSite {
  let env: TestEnvironment | undefined;
  const seen: TokenSite['seen'] = [];
  const secrets: string[] = [];
  const opened = () => {
    if (env === undefined) throw new Error('tokenSite: call open() in beforeAll first');
    return env;
  };
  const db = () => opened().database.db;

  return {
    open: async () => {
      env = await createTestEnvironment(backend);
      const app = await env.startApp();
      const admin = await adminClient(env, app);
      const orgA = await makeOrganizer(env, 'Alpha');
      const orgB = await makeOrganizer(env, 'Beta');
      const ownerA = await member(env, app, orgA, 'owner', '10.70.0.1');
      const ownerB = await member(env, app, orgB, 'owner', '10.70.0.2');
      const a = await venueWithDraft(env, admin, orgA, 'Alpha draft');
      const b = await venueWithDraft(env, admin, orgB, 'Beta draft');
      return { env, app, admin, orgA, orgB, ownerA, ownerB, a, b };
    },
    close: () => opened().close(),
    seen,
    secrets,
    db,
    countEvents: async () =>
      (
        await db()
          .selectFrom('events')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    makeToken: async (owner, organizerId, scopes, name = 'Box office') => {
      const res = await owner.post(`/api/organizers/${organizerId}/tokens`, { name, scopes });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json<Created>();
      secrets.push(created.token);
      return created;
    },
    listTokens: async (owner, organizerId) => {
      const items: Listed[] = [];
      let cursor: string | null = null;
      do {
        const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
        const res = await owner.get(`/api/organizers/${organizerId}/tokens?limit=100${after}`);
        seen.push({ label: 'list', res });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<{ items: Listed[]; nextCursor: string | null }>();
        items.push(...page.items);
        expect(page.nextCursor, 'every page names the next or null').not.toBeUndefined();
        cursor = page.nextCursor;
      } while (cursor !== null);
      return items;
    },
  };
}
