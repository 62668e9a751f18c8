/**
 * Organizers and their teams: made by a site admin, changed by owners (embed origins checked),
 * members invited by email (an unknown address gets an unverified account and a link to choose a
 * password, in their language), and the last owner guard, under concurrency too.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameDefaultOrganizer } from '../../src/organizers/default-organizer.js';
import { backends } from '../support/backends.js';
import { adminClient } from '../support/catalog-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { createOrganizer, member } from './organizer-fixtures.js';

describe.each(backends)('organizer teams on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  const owners = async (organizerId: string) =>
    (
      await env.database.db
        .selectFrom('organizer_members')
        .select('user_id')
        .where('organizer_id', '=', organizerId)
        .where('role', '=', 'owner')
        .execute()
    ).map((r) => r.user_id);

  it('names the default organizer from ORGANIZER_NAME on a fresh database, and never over an edit', async () => {
    const team = await createOrganizer(env, app, 'Unrelated');
    await nameDefaultOrganizer(env.database.db, 'Teatrul Mic');
    const list = (await team.admin.get('/api/organizers')).json<{ items: { id: string; name: string; slug: string }[] }>();
    const named = list.items.find((o) => o.name === 'Teatrul Mic');
    expect(named).toBeDefined();
    const edited = await team.admin.patch(`/api/organizers/${named?.id ?? ''}`, { name: 'Teatrul Mare' });
    expect(edited.statusCode, edited.body).toBe(200);
    await nameDefaultOrganizer(env.database.db, 'Something Else');
    expect((await team.admin.get(`/api/organizers/${named?.id ?? ''}`)).json()).toMatchObject({ name: 'Teatrul Mare' });
  });

  it('derives a free slug, refuses a taken one with 409, and accepts only https origins', async () => {
    const first = await createOrganizer(env, app, 'Sala Palatului');
    const admin = first.admin;
    const second = await admin.post('/api/organizers', { name: 'Sala Palatului' });
    expect(second.json()).toMatchObject({ slug: 'sala-palatului-2' });
    const taken = await admin.post('/api/organizers', { name: 'Other', slug: 'sala-palatului' });
    expect([taken.statusCode, taken.json<{ code: string }>().code]).toEqual([409, 'conflict']);
    for (const bad of [
      'http://shop.example',
      'https://shop.example/',
      'https://shop.example/path',
      'https://u@shop.example',
      'shop.example',
    ]) {
      const res = await admin.patch(`/api/organizers/${first.id}`, { embedOrigins: [bad] });
      expect([bad, res.statusCode]).toEqual([bad, 400]);
    }
    const good = await admin.patch(`/api/organizers/${first.id}`, {
      embedOrigins: ['https://shop.example', 'https://shop.example:8443'],
    });
    expect(good.json()).toMatchObject({ embedOrigins: ['https://shop.example', 'https://shop.example:8443'] });
    const audit = await env.database.db
      .selectFrom('audit_log')
      .select(['action', 'organizer_id'])
      .where('entity_id', '=', first.id)
      .execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'organizer.update', organizer_id: first.id }]));
  });

  it('lets only a site admin make organizers, and only owners change one or its team', async () => {
    const team = await createOrganizer(env, app, 'Owned');
    const { client: manager } = await member(team, 'manager');
    const { client: owner } = await member(team, 'owner');
    expect((await manager.post('/api/organizers', { name: 'Mine' })).statusCode).toBe(403);
    expect((await manager.patch(`/api/organizers/${team.id}`, { name: 'Mine' })).statusCode).toBe(403);
    expect((await manager.get(`/api/organizers/${team.id}/members`)).statusCode).toBe(403);
    expect((await manager.get(`/api/organizers/${team.id}`)).json()).toMatchObject({ myRole: 'manager' });
    expect((await owner.patch(`/api/organizers/${team.id}`, { legalName: 'Owned SRL', vatId: 'RO123' })).json()).toMatchObject({
      legalName: 'Owned SRL',
    });
    const mine = (await owner.get('/api/organizers')).json<{ items: { id: string; myRole: string }[] }>();
    expect(mine.items).toEqual([expect.objectContaining({ id: team.id, myRole: 'owner' })]);
  });

  it('answers a site admin 404 for an organizer that does not exist (no 500, no empty list) and makes nothing for it', async () => {
    const { admin } = await createOrganizer(env, app, 'Real One');
    const ghost = 'no-such-organizer';
    const attempts: [string, () => ReturnType<TestClient['get']>][] = [
      [
        'POST venue naming it',
        () =>
          admin.post('/api/venues', {
            name: 'Ghost Hall',
            address: '',
            city: 'X',
            capacity: 1,
            layout: null,
            organizerId: ghost,
          }),
      ],
      ['GET members', () => admin.get(`/api/organizers/${ghost}/members`)],
      [
        'POST webhook',
        () =>
          admin.post(`/api/organizers/${ghost}/webhooks`, { url: 'https://93.184.216.34/hook', events: ['reservation.paid'] }),
      ],
      ['GET webhooks', () => admin.get(`/api/organizers/${ghost}/webhooks`)],
    ];
    const answers: Record<string, unknown> = {};
    for (const [name, attempt] of attempts) {
      const res = await attempt();
      answers[name] = [res.statusCode, String(res.headers['content-type']).split(';')[0], res.json<{ code?: string }>().code];
    }
    expect(answers).toEqual(Object.fromEntries(attempts.map(([name]) => [name, [404, 'application/problem+json', 'not_found']])));
    const db = env.database.db;
    expect(await db.selectFrom('venues').select('id').where('name', '=', 'Ghost Hall').execute()).toEqual([]);
    expect(await db.selectFrom('webhooks').select('id').where('organizer_id', '=', ghost).execute()).toEqual([]);
  });

  it('invites an unknown address: an unverified account, a link to choose a password, in the inviter language', async () => {
    const team = await createOrganizer(env, app, 'Inviting');
    const { client: owner, user: ownerUser } = await member(team, 'owner');
    // The invitee has no language yet: the inviter's is the best guess.
    expect((await owner.patch('/api/auth/me', { locale: 'ro' })).json()).toMatchObject({
      user: { id: ownerUser.id, locale: 'ro' },
    });
    const email = uniqueEmail('invitee');
    const res = await owner.post(`/api/organizers/${team.id}/members`, { email, role: 'manager' });
    expect(res.statusCode, res.body).toBe(201);
    const db = env.database.db;
    const user = await db.selectFrom('users').selectAll().where('email_normalized', '=', email).executeTakeFirstOrThrow();
    expect([user.email_verified, user.locale]).toEqual([0, 'ro']);
    const mail = await db.selectFrom('email_outbox').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    expect(mail.kind).toBe('organizer_invite');
    expect(mail.subject).toContain('Inviting');
    expect(mail.body).toContain('echipa');
    const token = /reset-password\?token=([\w-]+)/.exec(mail.body)?.[1];
    expect(token).toBeDefined();
    // The invitee chooses a password through the reset flow and signs in as a manager.
    const invitee = new TestClient(app, '10.78.0.1');
    const reset = await invitee.post('/api/auth/password-reset/confirm', { token, newPassword: 'a brand new passphrase' });
    expect(reset.statusCode, reset.body).toBe(204);
    expect((await invitee.login(email, 'a brand new passphrase')).statusCode).toBe(200);
    expect((await invitee.get('/api/organizers')).json()).toMatchObject({ items: [{ id: team.id, myRole: 'manager' }] });
    const again = await owner.post(`/api/organizers/${team.id}/members`, { email, role: 'owner' });
    expect(again.statusCode).toBe(409);
    const audit = await db.selectFrom('audit_log').select(['action', 'organizer_id']).where('entity_id', '=', user.id).execute();
    expect(audit).toEqual([{ action: 'organizer.member_add', organizer_id: team.id }]);
  });

  it("shows the team's changes in the audit log to its owners, not to its managers, who still see their own records' entries", async () => {
    const team = await createOrganizer(env, app, 'Audited Team');
    const { client: owner } = await member(team, 'owner');
    const { client: manager } = await member(team, 'manager');
    const invited = await owner.post(`/api/organizers/${team.id}/members`, { email: uniqueEmail('door'), role: 'checkin' });
    expect(invited.statusCode, invited.body).toBe(201);
    const userId = invited.json<{ user: { id: string } }>().user.id;
    expect((await owner.patch(`/api/organizers/${team.id}/members/${userId}`, { role: 'manager' })).statusCode).toBe(200);
    expect((await owner.delete(`/api/organizers/${team.id}/members/${userId}`)).statusCode).toBe(204);
    const venue = await manager.post('/api/venues', { name: 'Audited Hall', address: '', city: 'X', capacity: 5, layout: null });
    expect(venue.statusCode, venue.body).toBe(201);

    const actions = async (client: TestClient) => {
      const res = await client.get('/api/admin/audit?limit=100');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ items: { action: string; entityId: string | null }[] }>().items;
    };
    const teamChanges = ['organizer.member_remove', 'organizer.member_role', 'organizer.member_add'];
    const byOwner = await actions(owner);
    expect(byOwner.filter((e) => e.entityId === userId).map((e) => e.action)).toEqual(teamChanges);
    const byManager = await actions(manager);
    // The team is the owners' (GET .../members answers the manager 403); its records are the manager's.
    expect(byManager.filter((e) => e.action.startsWith('organizer.member_'))).toEqual([]);
    expect(byManager.map((e) => e.action)).toContain('venue.create');
    expect(byOwner.map((e) => e.action)).toContain('venue.create');
  });

  it('keeps the last owner: neither removed nor demoted (409), and nothing changes', async () => {
    const team = await createOrganizer(env, app, 'Single');
    const { client: owner, user } = await member(team, 'owner');
    const removed = await owner.delete(`/api/organizers/${team.id}/members/${user.id}`);
    expect([removed.statusCode, removed.json<{ code: string }>().code]).toEqual([409, 'conflict']);
    const demoted = await owner.patch(`/api/organizers/${team.id}/members/${user.id}`, { role: 'manager' });
    expect(demoted.statusCode).toBe(409);
    expect(await owners(team.id)).toEqual([user.id]);
    // With a second owner, one may step down.
    const { user: second } = await member(team, 'owner');
    expect((await owner.patch(`/api/organizers/${team.id}/members/${second.id}`, { role: 'checkin' })).statusCode).toBe(200);
    expect(await owners(team.id)).toEqual([user.id]);
  });

  it('leaves one owner when two owners remove or demote each other at the same moment', async () => {
    for (let round = 0; round < 4; round++) {
      const team = await createOrganizer(env, app, `Race ${round}`);
      const one = await member(team, 'owner');
      const two = await member(team, 'owner');
      const [x, y] = await Promise.all(
        round % 2 === 0
          ? [
              one.client.delete(`/api/organizers/${team.id}/members/${two.user.id}`),
              two.client.delete(`/api/organizers/${team.id}/members/${one.user.id}`),
            ]
          : [
              one.client.patch(`/api/organizers/${team.id}/members/${two.user.id}`, { role: 'manager' }),
              two.client.patch(`/api/organizers/${team.id}/members/${one.user.id}`, { role: 'manager' }),
            ],
      );
      const statuses = [x.statusCode, y.statusCode].sort();
      // The loser either finds itself no longer an owner (403/404) or the other as the last owner (409).
      expect(statuses.filter((s) => s < 300)).toHaveLength(1);
      expect(await owners(team.id)).toHaveLength(1);
    }
  });

  it("lists an organizer's members a page at a time, 20 by default, as every list does (API.md: limit, cursor)", async () => {
    interface MemberPage {
      items: { user: { id: string } }[];
      nextCursor: string | null;
    }
    const team = await createOrganizer(env, app, 'Big Team');
    for (let i = 0; i < 21; i++) {
      const res = await team.admin.post(`/api/organizers/${team.id}/members`, { email: uniqueEmail('crew'), role: 'checkin' });
      expect(res.statusCode, res.body).toBe(201);
    }
    const first = await team.admin.get(`/api/organizers/${team.id}/members`);
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json<MemberPage>();
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    const seen = [...page.items];
    for (let cursor = page.nextCursor; cursor !== null;) {
      const url = `/api/organizers/${team.id}/members?limit=7&cursor=${encodeURIComponent(cursor)}`;
      const next = (await team.admin.get(url)).json<MemberPage>();
      expect(next.items.length).toBeLessThanOrEqual(7);
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(new Set(seen.map((m) => m.user.id)).size).toBe(21);
    expect((await team.admin.get(`/api/organizers/${team.id}/members?limit=101`)).statusCode).toBe(400);
  });

  it('lists organizers a page at a time, 20 by default, by name, as every list does (API.md: limit, cursor)', async () => {
    interface OrganizerPage {
      items: { id: string; name: string }[];
      nextCursor: string | null;
    }
    const admin = await adminClient(env, app);
    const before = (await admin.get('/api/organizers?limit=100')).json<OrganizerPage>().items.length;
    for (let i = 0; i < 21; i++) {
      expect((await admin.post('/api/organizers', { name: `Paged ${String(i).padStart(2, '0')}` })).statusCode).toBe(201);
    }
    const first = await admin.get('/api/organizers');
    expect(first.statusCode, first.body).toBe(200);
    const page = first.json<OrganizerPage>();
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).not.toBeNull();
    const seen = [...page.items];
    for (let cursor = page.nextCursor; cursor !== null;) {
      const next = (await admin.get(`/api/organizers?limit=7&cursor=${encodeURIComponent(cursor)}`)).json<OrganizerPage>();
      expect(next.items.length).toBeLessThanOrEqual(7);
      seen.push(...next.items);
      cursor = next.nextCursor;
    }
    expect(new Set(seen.map((o) => o.id)).size).toBe(before + 21);
    expect((await admin.get('/api/organizers?limit=101')).statusCode).toBe(400);
    expect((await admin.get('/api/organizers?cursor=forged')).statusCode).toBe(400);
  });
});
