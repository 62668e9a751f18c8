/**
 * The API client against a local fake API server (real HTTP, no fetch mock): CSRF token handling,
 * problem+json to ApiError, and the odd answers (204, files, HTML error pages, no answer at all).
 */
import '@/i18n';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from './api-client';
import { isApiError, type ApiError } from './api-error';
import { errorMessage, fieldErrorsByName } from './error-messages';

interface Seen {
  method: string;
  url: string;
  csrf: string | undefined;
  body: string;
}

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

let server: Server;
let baseUrl: string;
let seen: Seen[] = [];
let handlers: Record<string, Handler> = {};
let tokensIssued = 0;

function sendJson(response: ServerResponse, status: number, body: unknown, type = 'application/json') {
  response.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
}

function problem(response: ServerResponse, status: number, code: string, extra: Record<string, unknown> = {}) {
  sendJson(
    response,
    status,
    { type: 'about:blank', title: `title of ${code}`, status, code, ...extra },
    'application/problem+json',
  );
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const header = request.headers['x-csrf-token'];
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        csrf: typeof header === 'string' ? header : undefined,
        body,
      });
      const path = (request.url ?? '').split('?')[0] ?? '';
      const handler = handlers[`${request.method ?? ''} ${path}`];
      if (handler === undefined) problem(response, 404, 'not_found');
      else handler(request, response, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen = [];
  tokensIssued = 0;
  handlers = {
    'GET /api/auth/csrf': (_request, response) => sendJson(response, 200, { token: `token-${++tokensIssued}` }),
  };
});

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (isApiError(error)) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('api client', () => {
  it('GET sends no CSRF token and builds the query string, skipping empty values and repeating arrays', async () => {
    handlers['GET /api/events'] = (_request, response) => sendJson(response, 200, { items: [], nextCursor: null });
    const api = createApiClient({ baseUrl });
    const answer = await api.get<{ items: unknown[] }>('/api/events', {
      query: { limit: 20, cursor: undefined, tag: ['a', 'b'], q: null },
    });
    expect(answer).toEqual({ items: [], nextCursor: null });
    expect(seen).toEqual([{ method: 'GET', url: '/api/events?limit=20&tag=a&tag=b', csrf: undefined, body: '' }]);
  });

  it('fetches the CSRF token once and sends it with every state-changing request', async () => {
    handlers['POST /api/things'] = (_request, response, body) => sendJson(response, 201, { echoed: JSON.parse(body) as unknown });
    handlers['DELETE /api/things/1'] = (_request, response) => response.writeHead(204).end();
    const api = createApiClient({ baseUrl });

    const [first, second] = await Promise.all([
      api.post('/api/things', { name: 'one' }),
      api.post('/api/things', { name: 'two' }),
    ]);
    expect(first).toEqual({ echoed: { name: 'one' } });
    expect(second).toEqual({ echoed: { name: 'two' } });
    expect(await api.delete('/api/things/1')).toBeUndefined();

    expect(tokensIssued).toBe(1);
    expect(seen.filter((r) => r.method !== 'GET').map((r) => r.csrf)).toEqual(['token-1', 'token-1', 'token-1']);
  });

  it('on 403 csrf_invalid gets a fresh token and retries once', async () => {
    handlers['PATCH /api/things/1'] = (request, response) => {
      if (request.headers['x-csrf-token'] === 'token-1') problem(response, 403, 'csrf_invalid');
      else sendJson(response, 200, { ok: true });
    };
    const api = createApiClient({ baseUrl });
    expect(await api.patch('/api/things/1', { name: 'x' })).toEqual({ ok: true });
    expect(seen.map((r) => `${r.method} ${r.csrf ?? '-'}`)).toEqual(['GET -', 'PATCH token-1', 'GET -', 'PATCH token-2']);
  });

  it('gives up after one retry when the fresh token is rejected too', async () => {
    handlers['POST /api/things'] = (_request, response) => problem(response, 403, 'csrf_invalid');
    const api = createApiClient({ baseUrl });
    const error = await caught(api.post('/api/things', {}));
    expect(error.code).toBe('csrf_invalid');
    expect(seen.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('turns problem+json into an ApiError with its code, detail and field errors', async () => {
    handlers['POST /api/auth/register'] = (_request, response) =>
      problem(response, 400, 'validation_failed', {
        detail: 'The request is not valid',
        errors: [
          { path: '/email', message: 'must be an email address' },
          { path: '/email', message: 'second message is ignored' },
          { path: '/items/0/quantity', message: 'must be at least 1' },
          { path: '/a~1b', message: 'escaped' },
        ],
      });
    const api = createApiClient({ baseUrl });
    const error = await caught(api.post('/api/auth/register', { email: 'nope' }));

    expect(error).toMatchObject({
      status: 400,
      code: 'validation_failed',
      title: 'title of validation_failed',
      detail: 'The request is not valid',
    });
    expect(error.problem?.code).toBe('validation_failed');
    expect(fieldErrorsByName(error)).toEqual({
      email: 'must be an email address',
      'items.0.quantity': 'must be at least 1',
      'a/b': 'escaped',
    });
    expect(errorMessage(error)).toMatch(/check the highlighted fields/);
  });

  it('maps answers without a problem body by their status', async () => {
    handlers['GET /api/gateway'] = (_request, response) =>
      response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
    handlers['GET /api/broken'] = (_request, response) => response.writeHead(500).end('oops');
    handlers['GET /api/slow-down'] = (_request, response) => response.writeHead(429).end();
    const api = createApiClient({ baseUrl });

    expect((await caught(api.get('/api/gateway'))).code).toBe('service_unavailable');
    expect((await caught(api.get('/api/broken'))).code).toBe('internal');
    const limited = await caught(api.get('/api/slow-down'));
    expect(limited.code).toBe('rate_limited');
    expect(errorMessage(limited)).toBe('Too many attempts. Please wait a moment and try again.');
  });

  it('reads Retry-After so a rate-limited person is told how long to wait', async () => {
    handlers['GET /api/limited'] = (_request, response) => {
      response.setHeader('retry-after', '90');
      problem(response, 429, 'rate_limited');
    };
    const limited = await caught(createApiClient({ baseUrl }).get('/api/limited'));
    expect(limited.retryAfterSeconds).toBe(90);
    expect(errorMessage(limited)).toBe('Too many attempts. Please wait 2 minutes and try again.');
  });

  it('reports a server that does not answer as service_unavailable, with status 0', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await caught(createApiClient({ baseUrl: `http://127.0.0.1:${port}` }).get('/api/events'));
    expect(error).toMatchObject({ status: 0, code: 'service_unavailable' });
  });

  it('passes an abort through as an abort, not as an ApiError', async () => {
    handlers['GET /api/hang'] = () => undefined;
    const controller = new AbortController();
    const pending = createApiClient({ baseUrl }).get('/api/hang', { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('returns a file answer as a Blob', async () => {
    handlers['GET /api/tickets/t1/pdf'] = (_request, response) =>
      response.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.7');
    const blob = await createApiClient({ baseUrl }).getBlob('/api/tickets/t1/pdf');
    expect(blob.type).toBe('application/pdf');
    expect(await blob.text()).toBe('%PDF-1.7');
  });

  it('says something sensible for errors that did not come from the API', () => {
    expect(errorMessage(new TypeError('x is undefined'))).toBe('Something went wrong on our side. Please try again.');
    expect(fieldErrorsByName(new Error('nope'))).toEqual({});
  });
});
