/**
 * The one way the web app talks to the API: JSON over fetch with the session cookie, the CSRF token
 * on every state-changing request, and every failure thrown as an ApiError.
 */
import { ApiError, apiErrorFromResponse, networkError } from './api-error';

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  /** Appended as the query string; null and undefined values are left out, arrays repeat the key. */
  query?: Record<string, QueryValue | readonly QueryValue[]>;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** A JSON-serialisable value, or FormData/Blob sent as they are (poster uploads). */
export type RequestBody = unknown;

export interface ApiClientOptions {
  /** Prefix for every path; '' (same origin) in the browser. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const CSRF_PATH = '/api/auth/csrf';

function buildUrl(baseUrl: string, path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, raw] of Object.entries(query ?? {})) {
    const values: readonly QueryValue[] = Array.isArray(raw) ? raw : [raw as QueryValue];
    for (const value of values) if (value !== null && value !== undefined) params.append(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search === '' ? '' : `${path.includes('?') ? '&' : '?'}${search}`}`;
}

function encodeBody(body: RequestBody, headers: Headers): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (body instanceof FormData || body instanceof Blob) return body;
  headers.set('content-type', 'application/json');
  return JSON.stringify(body);
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError({ status: response.status, code: 'internal', title: 'The server sent an unreadable answer' });
  }
}

export function createApiClient({ baseUrl = '', fetch: fetchImpl }: ApiClientOptions = {}) {
  const doFetch = fetchImpl ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  let csrfToken: Promise<string> | null = null;

  async function fetchOrThrow(url: string, init: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, credentials: 'same-origin' });
    } catch (error) {
      // An abort is the caller's choice (React Query cancelling), not a failure to report.
      if (init.signal?.aborted) throw error;
      throw networkError(error);
    }
  }

  async function fetchCsrfToken(): Promise<string> {
    const response = await fetchOrThrow(`${baseUrl}${CSRF_PATH}`, { headers: { accept: 'application/json' } });
    if (!response.ok) throw await apiErrorFromResponse(response);
    const body = await readJson(response);
    const token = typeof body === 'object' && body !== null && 'token' in body ? body.token : undefined;
    if (typeof token !== 'string')
      throw new ApiError({ status: response.status, code: 'internal', title: 'No CSRF token in the answer' });
    return token;
  }

  /** Fetched once and shared; not tied to any caller's AbortSignal so one cancel cannot poison it. */
  function getCsrfToken(): Promise<string> {
    csrfToken ??= fetchCsrfToken().catch((error: unknown) => {
      csrfToken = null;
      throw error;
    });
    return csrfToken;
  }

  /** Drops the cached token, e.g. after signing in or out when the server rotates it. */
  function forgetCsrfToken(): void {
    csrfToken = null;
  }

  async function send(
    method: string,
    path: string,
    body: RequestBody,
    options: RequestOptions,
    accept: string,
  ): Promise<Response> {
    const url = buildUrl(baseUrl, path, options.query);
    const needsCsrf = !SAFE_METHODS.has(method);
    // A rejected token (expired session, rotated secret) gets one fresh token and one more try.
    for (let attempt = 1; ; attempt++) {
      const headers = new Headers(options.headers);
      if (!headers.has('accept')) headers.set('accept', accept);
      const encoded = encodeBody(body, headers);
      const tokenUsed = needsCsrf ? getCsrfToken() : null;
      if (tokenUsed !== null) headers.set('x-csrf-token', await tokenUsed);
      const response = await fetchOrThrow(url, { method, headers, body: encoded, signal: options.signal ?? null });
      if (response.ok) return response;
      const error = await apiErrorFromResponse(response);
      if (error.code !== 'csrf_invalid' || tokenUsed === null || attempt > 1) throw error;
      if (csrfToken === tokenUsed) forgetCsrfToken();
    }
  }

  async function json<T>(method: string, path: string, body: RequestBody, options: RequestOptions = {}): Promise<T> {
    const response = await send(method, path, body, options, 'application/json');
    return (await readJson(response)) as T;
  }

  return {
    get: <T>(path: string, options?: RequestOptions) => json<T>('GET', path, undefined, options),
    post: <T>(path: string, body?: RequestBody, options?: RequestOptions) => json<T>('POST', path, body, options),
    put: <T>(path: string, body?: RequestBody, options?: RequestOptions) => json<T>('PUT', path, body, options),
    patch: <T>(path: string, body?: RequestBody, options?: RequestOptions) => json<T>('PATCH', path, body, options),
    delete: <T = void>(path: string, options?: RequestOptions) => json<T>('DELETE', path, undefined, options),
    /** A file answer (a ticket PDF) as a Blob. */
    getBlob: async (path: string, options: RequestOptions = {}): Promise<Blob> =>
      (await send('GET', path, undefined, options, '*/*')).blob(),
    forgetCsrfToken,
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's client: same origin, so the session cookie goes along. */
export const api = createApiClient();
