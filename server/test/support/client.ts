/**
 * A browser-like test client over `inject`: keeps cookies, fetches and sends the CSRF token on
 * state-changing requests, and can sign up (verified, as most tests need to reserve) or sign in
 * in one call.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { tokenMailedTo } from './account-emails.js';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: string;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  private csrfToken: string | undefined;

  constructor(
    public app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: LightMyRequestResponse): void {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() < Date.now());
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    body?: unknown,
    options: { csrf?: boolean | string; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader();
    const wantsCsrf = options.csrf ?? method !== 'GET';
    if (typeof wantsCsrf === 'string') headers['x-csrf-token'] = wantsCsrf;
    else if (wantsCsrf) {
      headers['x-csrf-token'] = await this.token();
      headers.cookie = this.cookieHeader();
    }
    const res = await this.app.inject({
      method,
      url,
      headers,
      remoteAddress: this.ip,
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    this.remember(res);
    return res;
  }

  async token(): Promise<string> {
    if (this.csrfToken === undefined) {
      const res = await this.app.inject({
        method: 'GET',
        url: '/api/auth/csrf',
        headers: { cookie: this.cookieHeader() },
        remoteAddress: this.ip,
      });
      this.remember(res);
      this.csrfToken = res.json<{ token: string }>().token;
    }
    return this.csrfToken;
  }

  get(url: string, options?: { headers?: Record<string, string> }) {
    return this.request('GET', url, undefined, options);
  }
  post(url: string, body?: unknown, options?: { csrf?: boolean | string; headers?: Record<string, string> }) {
    return this.request('POST', url, body, options);
  }
  patch(url: string, body?: unknown, options?: { csrf?: boolean | string }) {
    return this.request('PATCH', url, body, options);
  }
  delete(url: string, options?: { csrf?: boolean | string }) {
    return this.request('DELETE', url, undefined, options);
  }

  /** Signs up and opens the mailed verification link: a buyer that may reserve at once. */
  async register(email: string, password = 'a long enough passphrase', name = 'Test Person'): Promise<TestUser> {
    await this.registerUnverified(email, password, name);
    const db = this.app.services.database.db;
    const token = await tokenMailedTo(db, email, '/verify-email');
    const res = await this.post('/api/auth/verify-email', { token });
    if (res.statusCode !== 200) throw new Error(`verify failed: ${res.statusCode} ${res.body}`);
    // Tests about something else (e.g. payment emails) start with an empty outbox, as before.
    await db.deleteFrom('email_outbox').where('kind', '=', 'verify_email').where('to_address', '=', email).execute();
    return res.json<{ user: TestUser }>().user;
  }

  /** Signs up and stays unverified (the link is left in the outbox). */
  async registerUnverified(email: string, password = 'a long enough passphrase', name = 'Test Person'): Promise<TestUser> {
    const res = await this.post('/api/auth/register', { email, password, name });
    const user = res.statusCode === 201 ? res.json<{ user: TestUser | null }>().user : null;
    if (user === null) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
    return user;
  }

  async login(email: string, password: string): Promise<LightMyRequestResponse> {
    return this.post('/api/auth/login', { email, password });
  }
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  counter++;
  return `${prefix}-${Date.now().toString(36)}-${counter}@example.com`;
}
