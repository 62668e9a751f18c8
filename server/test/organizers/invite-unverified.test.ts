/**
 * An invitation names an email address, and is meant for whoever reads that mailbox. Anyone may
 * register any address (unverified: the link goes to the mailbox); a squatter who registered the
 * address an organizer is about to invite must not become a member with the password they chose.
 * The invited address's owner gets a link to choose a password, as for a new account.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountEmailsTo, tokenMailedTo } from '../support/account-emails.js';
import { backends } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { createOrganizer, member } from './organizer-fixtures.js';

describe.each(backends)('inviting an address registered by someone else on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  it('gives the squatter of an unverified account no part in the team; the mailbox owner gets it', async () => {
    const team = await createOrganizer(env, app, 'Squatted');
    const { client: owner } = await member(team, 'owner');
    const victim = uniqueEmail('future-manager');
    // The attacker registers the address first, with a password of their own, and stays signed in.
    const squatter = new TestClient(app, '10.79.0.1');
    await squatter.registerUnverified(victim, 'the squatter passphrase');

    const res = await owner.post(`/api/organizers/${team.id}/members`, { email: victim, role: 'manager' });
    expect(res.statusCode, res.body).toBe(201);

    // The squatter's session and password open nothing of the organizer.
    const seen = await squatter.get('/api/organizers');
    const squatterItems = seen.statusCode === 200 ? seen.json<{ items: { id: string }[] }>().items : [];
    expect(squatterItems.map((o) => o.id)).not.toContain(team.id);
    expect((await squatter.get(`/api/organizers/${team.id}`)).statusCode).not.toBe(200);
    const again = new TestClient(app, '10.79.0.2');
    expect((await again.login(victim, 'the squatter passphrase')).statusCode).toBe(401);

    // Whoever reads the mailbox chooses a password through the link and is the manager.
    const token = await tokenMailedTo(env.database.db, victim, '/reset-password');
    const real = new TestClient(app, '10.79.0.3');
    const reset = await real.post('/api/auth/password-reset/confirm', { token, newPassword: 'the real owner passphrase' });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await real.login(victim, 'the real owner passphrase')).statusCode).toBe(200);
    expect((await real.get('/api/organizers')).json()).toMatchObject({ items: [{ id: team.id, myRole: 'manager' }] });
  });

  it('changes nothing when the address may not be mailed now: the owner of the mailbox is not locked out without a link', async () => {
    const team = await createOrganizer(env, app, 'Budget spent');
    const { client: owner } = await member(team, 'owner');
    const email = uniqueEmail('not-yet-verified');
    // The address's real owner registered and is signed in, but has not opened the link yet.
    const real = new TestClient(app, '10.79.2.1');
    await real.registerUnverified(email, 'the real owner passphrase');
    // Anyone may spend the address's mail budget (5 an hour) with reset requests.
    for (let i = 0; i < 6; i++) await new TestClient(app, `10.79.3.${i}`).post('/api/auth/password-reset', { email });
    const mailed = async () => (await accountEmailsTo(env.database.db, email)).length;
    const before = await mailed();

    const res = await owner.post(`/api/organizers/${team.id}/members`, { email, role: 'checkin' });
    expect(res.statusCode, res.body).toBe(429);
    expect(res.headers['retry-after']).toBe('3600');
    expect(await mailed()).toBe(before);
    // Not a member; their session and their password still work.
    expect((await real.get('/api/auth/me')).statusCode).toBe(200);
    expect((await new TestClient(app, '10.79.2.2').login(email, 'the real owner passphrase')).statusCode).toBe(200);
    const members = await owner.get(`/api/organizers/${team.id}/members`);
    expect(members.json<{ items: { user: { email: string } }[] }>().items.map((m) => m.user.email)).not.toContain(email);
  });

  it('leaves a verified invitee their password and sessions', async () => {
    const team = await createOrganizer(env, app, 'Verified');
    const { client: owner } = await member(team, 'owner');
    const email = uniqueEmail('verified-invitee');
    const invitee = new TestClient(app, '10.79.1.1');
    await invitee.register(email, 'the invitee passphrase');
    const res = await owner.post(`/api/organizers/${team.id}/members`, { email, role: 'checkin' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await invitee.get('/api/organizers')).json()).toMatchObject({ items: [{ id: team.id, myRole: 'checkin' }] });
    expect((await new TestClient(app, '10.79.1.2').login(email, 'the invitee passphrase')).statusCode).toBe(200);
  });
});
