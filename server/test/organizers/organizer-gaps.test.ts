/**
 * Two gaps of issue 17: a renamed organizer shows its new name in the (cached) public catalogue at
 * once, and inviting someone who is already in the team (409) spends none of the invitation-email
 * budget, even when the same person is invited many times at once.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { createEvent, createVenue, eventInput } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { createOrganizer } from './organizer-fixtures.js';

type Listed = { items: { id: string; organizer: { name: string } }[] };

describe.each(backends)('organizer renames and repeated invitations on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  it("shows an organizer's new name on its events at once, though the catalogue is cached", async () => {
    const team = await createOrganizer(env, app, 'Filarmonica Veche');
    const venue = await createVenue(team.admin, { organizerId: team.id });
    const event = await createEvent(team.admin, eventInput(venue.id));
    const visitor = new TestClient(app, '10.79.0.1');
    const read = async () => ({
      one: (await visitor.get(`/api/events/${event.id}`)).json<{ organizer: { name: string } }>().organizer.name,
      listed: (await visitor.get(`/api/events?organizerId=${team.id}`)).json<Listed>().items.find((e) => e.id === event.id)
        ?.organizer.name,
    });
    // Read once so that both answers sit in the cache.
    expect(await read()).toEqual({ one: 'Filarmonica Veche', listed: 'Filarmonica Veche' });
    const renamed = await team.admin.patch(`/api/organizers/${team.id}`, { name: 'Filarmonica Nouă' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await read()).toEqual({ one: 'Filarmonica Nouă', listed: 'Filarmonica Nouă' });
  });

  it('spends no invitation email on an invitee who is already a member, sequentially or at once', async () => {
    const team = await createOrganizer(env, app, 'Invitând');
    const email = uniqueEmail('twice');
    const invite = () => team.admin.post(`/api/organizers/${team.id}/members`, { email, role: 'manager' });
    // Six at once: one joins (and is mailed), the others are told 409.
    const together = await Promise.all(Array.from({ length: 6 }, invite));
    expect(together.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    for (let i = 0; i < 4; i++) expect((await invite()).statusCode).toBe(409);
    const db = env.database.db;
    const mails = () =>
      db.selectFrom('email_outbox').select('id').where('to_address', '=', email).where('kind', '=', 'organizer_invite').execute();
    expect(await mails()).toHaveLength(1);
    // Ten refused invitations later the address still has its budget: removed and invited again, it is mailed.
    const user = await db.selectFrom('users').select('id').where('email_normalized', '=', email).executeTakeFirstOrThrow();
    expect((await team.admin.delete(`/api/organizers/${team.id}/members/${user.id}`)).statusCode).toBe(204);
    const again = await invite();
    expect(again.statusCode, again.body).toBe(201);
    expect(await mails()).toHaveLength(2);
  });
});
