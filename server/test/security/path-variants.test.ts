/**
 * The CSRF and session hooks decide on the path Fastify routes, not on the raw request line:
 * `/%61pi/auth/logout` reaches the logout route, so it must meet the same CSRF check and see the
 * same session as `/api/auth/logout`. Requests go over a raw TCP socket, because inject (like any
 * HTTP client) would tidy the request line before the server ever saw it.
 */
import net, { type AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

interface RawAnswer {
  status: number;
  body: string;
}

/** One request exactly as written, on its own connection. */
function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string>,
  body = '',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const lines = [
      `${method} ${target} HTTP/1.1`,
      'host: 127.0.0.1',
      'connection: close',
      `content-length: ${Buffer.byteLength(body)}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`)); // the server closes after answering
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.split(' ')[1]), body: split < 0 ? '' : text.slice(split + 4) });
    });
  });
}

/** Spellings of `/api/auth/<rest>`: some Fastify routes to the same handler, the rest it answers 404. */
function spellings(rest: string): string[] {
  return [
    `/%61pi/auth/${rest}`,
    `/%61%70%69/auth/${rest}`,
    `/api/%61uth/${rest}`,
    `/%2561pi/auth/${rest}`,
    `http://127.0.0.1/api/auth/${rest}`,
    `http://127.0.0.1/%61pi/auth/${rest}`,
    `/api%2Fauth/${rest}`,
    `/api/auth%2F${rest}`,
    `//api/auth/${rest}`,
    `/api//auth/${rest}`,
    `/API/auth/${rest}`,
    `/Api/auth/${rest}`,
    `/api/x/../auth/${rest}`,
    `/./api/auth/${rest}`,
  ];
}

describe('CSRF and sessions on encoded paths', () => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let port: number;
  let clients = 0;
  // Each person from an address of their own: registration is limited per address.
  const person = () => new TestClient(app, `10.77.${Math.floor(++clients / 200)}.${clients % 200}`);

  beforeAll(async () => {
    env = await createTestEnvironment('sqlite');
    app = await env.startApp({}, { backgroundJobs: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });
  afterAll(() => env.close());

  it.each(spellings('logout'))('POST %s without a CSRF token signs nobody out', async (target) => {
    const victim = person();
    await victim.register(uniqueEmail('csrf-path'));
    const answer = await rawRequest(port, 'POST', target, { cookie: victim.cookieHeader() });
    expect([403, 404]).toContain(answer.status);
    if (answer.status === 403) expect(JSON.parse(answer.body)).toMatchObject({ code: 'csrf_invalid' });
    expect((await victim.get('/api/auth/me')).statusCode).toBe(200);
  });

  it.each(spellings('register'))('POST %s without a CSRF token creates no account', async (target) => {
    const email = uniqueEmail('csrf-path-reg');
    const body = JSON.stringify({ email, password: 'a long enough passphrase', name: 'Forged' });
    const answer = await rawRequest(port, 'POST', target, { 'content-type': 'application/json' }, body);
    expect([403, 404]).toContain(answer.status);
    const rows = await env.database.db.selectFrom('users').select('id').where('email_normalized', '=', email).execute();
    expect(rows).toHaveLength(0);
  });

  it.each(spellings('me'))('GET %s sees the same session as /api/auth/me, or is not routed', async (target) => {
    const reader = person();
    const user = await reader.register(uniqueEmail('auth-path'));
    const answer = await rawRequest(port, 'GET', target, { cookie: reader.cookieHeader() });
    expect([200, 404]).toContain(answer.status);
    if (answer.status === 200) expect(JSON.parse(answer.body)).toMatchObject({ user: { id: user.id } });
  });

  it('still serves the plain spellings: a signed-in logout with its token works', async () => {
    const plain = person();
    await plain.register(uniqueEmail('plain'));
    expect((await plain.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await plain.get('/api/auth/me')).statusCode).toBe(401);
  });
});
