/** /api/admin/users and /api/admin/audit: roles, disabling, the last-admin rule, and the audit trail. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdmin } from '../../src/accounts/bootstrap-admin.js';
import { backends } from '../support/backends.js';
import { TestClient, uniqueEmail, type TestUser } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface AuditItem {
  action: string;
  entityId: string;
  actor: { id: string } | null;
  before: unknown;
  after: unknown;
}

describe.each(backends)('admin users and audit on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let admin: TestClient;
  let adminUser: TestUser;
  let ipCounter = 0;
  const client = () => new TestClient(app, `10.5.0.${++ipCounter}`);

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp();
    const adminEmail = uniqueEmail('root');
    expect(await ensureAdmin(env.database.db, { email: adminEmail, password: 'the admin passphrase' })).toBe('created');
    admin = client();
    const res = await admin.login(adminEmail, 'the admin passphrase');
    expect(res.statusCode).toBe(200);
    adminUser = res.json<{ user: TestUser }>().user;
    expect(adminUser.role).toBe('admin');
  });
  afterAll(() => env.close());

  it('answers 401 to anonymous callers and 403 forbidden to signed-in non-admins', async () => {
    const anonymous = client();
    expect((await anonymous.get('/api/admin/users')).statusCode).toBe(401);
    expect((await anonymous.get('/api/admin/audit')).statusCode).toBe(401);
    const user = client();
    const me = await user.register(uniqueEmail('plain'));
    for (const res of [
      await user.get('/api/admin/users'),
      await user.get('/api/admin/audit'),
      await user.patch(`/api/admin/users/${me.id}`, { role: 'admin' }),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 'forbidden' });
    }
    const row = await env.database.db.selectFrom('users').select('role').where('id', '=', me.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('user');
  });

  it('grants and revokes staff and admin, each recorded in the audit log with before and after', async () => {
    const target = await client().register(uniqueEmail('promote'));
    const staff = await admin.patch(`/api/admin/users/${target.id}`, { role: 'staff' });
    expect(staff.statusCode).toBe(200);
    expect(staff.json()).toMatchObject({ user: { id: target.id, role: 'staff', disabled: false } });
    expect((await admin.patch(`/api/admin/users/${target.id}`, { role: 'admin' })).json()).toMatchObject({
      user: { role: 'admin' },
    });
    expect((await admin.patch(`/api/admin/users/${target.id}`, { role: 'user' })).json()).toMatchObject({
      user: { role: 'user' },
    });
    const audit = await admin.get(`/api/admin/audit?entityId=${target.id}`);
    const items = audit.json<Page<AuditItem>>().items;
    expect(items.map((i) => i.action)).toEqual(['user.role_change', 'user.role_change', 'user.role_change']);
    expect(items[2]).toMatchObject({ actor: { id: adminUser.id }, before: { role: 'user' }, after: { role: 'staff' } });
    expect(items[0]).toMatchObject({ before: { role: 'admin' }, after: { role: 'user' } });
  });

  it('disables and re-enables an account, recorded in the audit log', async () => {
    const target = await client().register(uniqueEmail('disable'));
    expect((await admin.patch(`/api/admin/users/${target.id}`, { disabled: true })).json()).toMatchObject({
      user: { disabled: true },
    });
    expect((await admin.patch(`/api/admin/users/${target.id}`, { disabled: false })).json()).toMatchObject({
      user: { disabled: false },
    });
    const items = (await admin.get(`/api/admin/audit?entityId=${target.id}`)).json<Page<AuditItem>>().items;
    expect(items.map((i) => i.action)).toEqual(['user.enable', 'user.disable']);
    const filtered = (await admin.get(`/api/admin/audit?action=user.disable&actorId=${adminUser.id}`)).json<Page<AuditItem>>()
      .items;
    expect(filtered.some((i) => i.entityId === target.id)).toBe(true);
    expect(filtered.every((i) => i.action === 'user.disable')).toBe(true);
  });

  it('answers 409 for demoting or disabling the last active admin, and changes nothing', async () => {
    for (const patch of [{ role: 'user' }, { role: 'staff' }, { disabled: true }]) {
      const res = await admin.patch(`/api/admin/users/${adminUser.id}`, patch);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'conflict' });
    }
    const row = await env.database.db
      .selectFrom('users')
      .select(['role', 'disabled'])
      .where('id', '=', adminUser.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'admin', disabled: 0 });
    // With a second admin, the first may step down.
    const second = await client().register(uniqueEmail('second-admin'));
    await admin.patch(`/api/admin/users/${second.id}`, { role: 'admin' });
    await admin.patch(`/api/admin/users/${second.id}`, { disabled: true });
    // A disabled admin does not count: the first is still the last active one.
    expect((await admin.patch(`/api/admin/users/${adminUser.id}`, { role: 'user' })).statusCode).toBe(409);
  });

  it('answers 404 for an unknown user id and 400 for bad bodies', async () => {
    expect((await admin.patch('/api/admin/users/no-such-id', { role: 'staff' })).statusCode).toBe(404);
    const target = await client().register(uniqueEmail('bad-body'));
    for (const body of [
      {},
      { role: 'emperor' },
      { disabled: 'yes' },
      { role: 'staff', password_hash: 'x' },
      { email: 'new@example.com' },
    ]) {
      const res = await admin.patch(`/api/admin/users/${target.id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('lists users newest first, searches, filters by role, and pages with a cursor', async () => {
    const tag = `zz${Date.now().toString(36)}`;
    const made: TestUser[] = [];
    for (let i = 0; i < 5; i++)
      made.push(await client().register(`${tag}-${i}@example.com`, 'a long enough passphrase', `Person ${tag} ${i}`));
    await admin.patch(`/api/admin/users/${made[1]?.id ?? ''}`, { role: 'staff' });

    const first = (await admin.get(`/api/admin/users?q=${tag}&limit=2`)).json<Page<TestUser>>();
    expect(first.items.map((u) => u.email)).toEqual([`${tag}-4@example.com`, `${tag}-3@example.com`]);
    const second = (
      await admin.get(`/api/admin/users?q=${tag}&limit=2&cursor=${encodeURIComponent(first.nextCursor ?? '')}`)
    ).json<Page<TestUser>>();
    expect(second.items.map((u) => u.email)).toEqual([`${tag}-2@example.com`, `${tag}-1@example.com`]);
    const third = (
      await admin.get(`/api/admin/users?q=${tag}&limit=2&cursor=${encodeURIComponent(second.nextCursor ?? '')}`)
    ).json<Page<TestUser>>();
    expect(third.items.map((u) => u.email)).toEqual([`${tag}-0@example.com`]);
    expect(third.nextCursor).toBeNull();

    const staff = (await admin.get(`/api/admin/users?q=${tag}&role=staff`)).json<Page<TestUser>>();
    expect(staff.items.map((u) => u.id)).toEqual([made[1]?.id]);
    const byName = (await admin.get(`/api/admin/users?q=${encodeURIComponent(`PERSON ${tag} 3`)}`)).json<Page<TestUser>>();
    expect(byName.items.map((u) => u.id)).toEqual([made[3]?.id]);
    // LIKE wildcards in the search are taken literally.
    expect((await admin.get('/api/admin/users?q=%25')).json<Page<TestUser>>().items).toEqual([]);
  });

  it('rejects a tampered cursor and unknown filters with 400', async () => {
    const page = (await admin.get('/api/admin/users?limit=1')).json<Page<TestUser>>();
    const cursor = page.nextCursor ?? '';
    const tampered = `${Buffer.from(JSON.stringify(['2000-01-01T00:00:00.000Z', 'x'])).toString('base64url')}.${cursor.split('.')[1] ?? ''}`;
    for (const url of [
      `/api/admin/users?cursor=${tampered}`,
      '/api/admin/users?cursor=garbage',
      '/api/admin/users?role=emperor',
      '/api/admin/users?limit=1000',
      '/api/admin/users?sort=name',
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });

  it('bootstraps the configured admin: promotes an existing account, and is idempotent', async () => {
    const c = client();
    const user = await c.register(uniqueEmail('boot'));
    expect(await ensureAdmin(env.database.db, { email: user.email.toUpperCase(), password: 'ignored for existing' })).toBe(
      'promoted',
    );
    expect((await c.get('/api/auth/me')).json()).toMatchObject({ user: { role: 'admin' } });
    expect(await ensureAdmin(env.database.db, { email: user.email, password: 'ignored for existing' })).toBe('unchanged');
    const items = (await admin.get(`/api/admin/audit?entityId=${user.id}`)).json<Page<AuditItem>>().items;
    expect(items.map((i) => i.action)).toEqual(['user.bootstrap_admin']);
  });
});
