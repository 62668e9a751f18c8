/**
 * Accounts for browser tests: create one straight through the API (for tests about something
 * else), sign in through the real form, and tell expected HTTP errors apart from real console errors.
 */
import { request, type APIRequestContext, type Page } from 'playwright-core';
import { mailedLink } from './mail';

export interface TestAccount {
  name: string;
  email: string;
  password: string;
}

/** `account` signed in through the API in its own cookie jar, with a CSRF token for its requests. */
export async function signedIn(
  baseURL: string,
  account: Pick<TestAccount, 'email' | 'password'>,
): Promise<{ api: APIRequestContext; headers: Record<string, string> }> {
  const api = await request.newContext({ baseURL });
  const csrf = async () => ((await (await api.get('/api/auth/csrf')).json()) as { token: string }).token;
  const login = await api.post('/api/auth/login', {
    data: { email: account.email, password: account.password },
    headers: { 'x-csrf-token': await csrf() },
  });
  if (login.status() !== 200) throw new Error(`login answered ${login.status()}: ${await login.text()}`);
  // Signing in rotates the CSRF token.
  return { api, headers: { 'x-csrf-token': await csrf() } };
}

/** `account` signed in through the API, calling it with `call`, which throws on any answer but 2xx. */
export async function apiAs(baseURL: string, account: Pick<TestAccount, 'email' | 'password'>) {
  const { api: ctx, headers } = await signedIn(baseURL, account);
  const call = async (method: 'post' | 'patch', url: string, data?: object) => {
    const res = await ctx[method](url, { data, headers });
    if (res.status() >= 300) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  return { ctx, call };
}

/**
 * Signs a browser page's own context in through the API (its cookies are the page's, so the next
 * `goto` is signed in), optionally switching the account's language; answers a CSRF header for its
 * `page.request` calls.
 */
export async function signInPage(
  page: Page,
  account: Pick<TestAccount, 'email' | 'password'>,
  locale?: 'en' | 'ro',
): Promise<Record<string, string>> {
  const csrf = async () => ((await (await page.request.get('/api/auth/csrf')).json()) as { token: string }).token;
  const login = await page.request.post('/api/auth/login', {
    data: { email: account.email, password: account.password },
    headers: { 'x-csrf-token': await csrf() },
  });
  if (login.status() !== 200) throw new Error(`login answered ${login.status()}: ${await login.text()}`);
  // Signing in rotates the CSRF token.
  const headers = { 'x-csrf-token': await csrf() };
  if (locale !== undefined) {
    const changed = await page.request.patch('/api/auth/me', { data: { locale }, headers });
    if (changed.status() !== 200) throw new Error(`locale answered ${changed.status()}: ${await changed.text()}`);
  }
  return headers;
}

/**
 * Registers through the API in its own cookie jar, so the browser under test stays signed out, and
 * opens the verification link from the outbox (as the owner would), so the account may reserve.
 */
export async function registerAccount(baseURL: string, account: TestAccount): Promise<void> {
  const api = await request.newContext({ baseURL });
  try {
    const csrf = async () => ((await (await api.get('/api/auth/csrf')).json()) as { token: string }).token;
    const response = await api.post('/api/auth/register', { data: account, headers: { 'x-csrf-token': await csrf() } });
    if (response.status() !== 201) throw new Error(`register answered ${response.status()}: ${await response.text()}`);
    const link = new URL(await mailedLink(baseURL, account.email, '/verify-email'));
    const verified = await api.post('/api/auth/verify-email', {
      data: { token: link.searchParams.get('token') },
      headers: { 'x-csrf-token': await csrf() },
    });
    if (verified.status() !== 200) throw new Error(`verify-email answered ${verified.status()}: ${await verified.text()}`);
  } finally {
    await api.dispose();
  }
}

/** Fills and sends the sign-in form on the current page. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  const form = page.getByRole('main');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel(/^Password/).fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** The header's account button once someone is signed in. */
export function accountMenuButton(page: Page, name: string) {
  // Named by what it shows: the person's name (and role chip for staff), then "account menu".
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('banner').getByRole('button', { name: new RegExp(`^${escaped}( \\w+)? account menu$`) });
}

export async function signOutViaHeader(page: Page, name: string): Promise<void> {
  await accountMenuButton(page, name).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor();
}

/** Every page asks GET /api/auth/me on load; a visitor who is not signed in gets 401, as designed. */
export const SIGNED_OUT_ME = { status: 401, pathPrefix: '/api/auth/me' };

/**
 * Console errors minus the ones an HTTP answer we expect makes Chromium print by itself, e.g.
 * "Failed to load resource: ... 401" for GET /api/auth/me while signed out. The app logs nothing
 * for these; the browser does, for every non-2xx fetch, and a page cannot turn that off.
 */
export function unexpectedErrors(
  errors: readonly string[],
  baseURL: string,
  expected: readonly { status: number; pathPrefix: string }[],
) {
  return errors.filter(
    (line) =>
      !expected.some(
        ({ status, pathPrefix }) =>
          line.startsWith(`console.error: Failed to load resource: the server responded with a status of ${status} `) &&
          line.includes(`(${baseURL}${pathPrefix}`),
      ),
  );
}
