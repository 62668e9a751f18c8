/**
 * The server's two languages: the catalogues hold the same keys (a key missing in one language
 * fails here, in npm test), every key the code names exists, Romanian uses the comma-below
 * letters, and error answers speak the caller's language while their codes stay the same.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, LOCALES } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES, hasKey, localeFromAcceptLanguage, translate } from '../../src/platform/i18n.js';
import { WEBHOOK_EVENT_TYPES } from '../../src/webhooks/outbox.js';
import { backends } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function keysOf(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === 'object'
      ? keysOf(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}
const baseKeys = (tree: Record<string, unknown>) => new Set(keysOf(tree).map((k) => k.replace(PLURAL, '')));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('server message catalogues', () => {
  it('hold the same keys in every language, each a non-empty text', () => {
    const [first, ...others] = LOCALES;
    const reference = baseKeys(CATALOGUES[first]);
    for (const locale of others) {
      const keys = baseKeys(CATALOGUES[locale]);
      expect(
        [...reference].filter((k) => !keys.has(k)),
        `missing in ${locale}`,
      ).toEqual([]);
      expect(
        [...keys].filter((k) => !reference.has(k)),
        `missing in ${first}`,
      ).toEqual([]);
    }
    for (const locale of LOCALES) {
      const catalogue = CATALOGUES[locale];
      for (const key of keysOf(catalogue)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogue);
        expect(typeof value === 'string' && value.trim() !== '', `${locale}: ${key}`).toBe(true);
      }
    }
  });

  it('title every error code in every language', () => {
    for (const locale of LOCALES)
      for (const code of ERROR_CODES) expect(hasKey(`errors.title.${code}`), `${locale} ${code}`).toBe(true);
    expect(translate('ro', 'errors.title.validation_failed')).toBe('Cererea nu este validă');
  });

  it('has every key that the server code names', () => {
    const root = path.resolve(import.meta.dirname, '../../src');
    const named = new Set<string>();
    for (const file of sourceFiles(root)) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /'((?:errors|email|notification|ticket|export|status)\.[A-Za-z_.]+[A-Za-z_])'/g,
      ))
        // A webhook event type ('ticket.checked_in') is a name on the wire, not words for a person.
        if (match[1] !== undefined && !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(match[1])) named.add(match[1]);
    }
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((key) => !hasKey(key) && !hasKey(`${key}_other`))).toEqual([]);
  });

  it('writes Romanian with comma-below ș and ț, never the cedilla forms', () => {
    const text = JSON.stringify(CATALOGUES.ro);
    expect(text).not.toMatch(/[şţŞŢ]/);
    expect(text).toMatch(/[ăâîșț]/);
  });

  it('picks the caller language from Accept-Language by quality', () => {
    expect(localeFromAcceptLanguage('ro-RO,ro;q=0.9,en;q=0.8')).toBe('ro');
    expect(localeFromAcceptLanguage('de-DE,en;q=0.5,ro;q=0.7')).toBe('ro');
    expect(localeFromAcceptLanguage('fr, de')).toBeUndefined();
    expect(localeFromAcceptLanguage('ro;q=0, en')).toBe('en');
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });

  it('uses the Romanian plural forms', () => {
    expect(translate('ro', 'errors.detail.rateLimited', { count: 1 })).toContain('1 secundă');
    expect(translate('ro', 'errors.detail.rateLimited', { count: 5 })).toContain('5 secunde');
    expect(translate('ro', 'errors.detail.rateLimited', { count: 30 })).toContain('30 de secunde');
  });
});

describe.each(backends)('error answers in the caller language on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
  });
  afterAll(() => env.close());

  type Problem = { title: string; detail: string; code: string; errors?: { path: string; message: string }[] };

  it('answers a filter error in Romanian for ro, in English otherwise, with the same code and path', async () => {
    const query = '/api/events?minPrice=5000&maxPrice=100';
    const ro = await app.inject({ method: 'GET', url: query, headers: { 'accept-language': 'ro-RO,ro;q=0.9' } });
    const en = await app.inject({ method: 'GET', url: query, headers: { 'accept-language': 'en-US' } });
    expect(ro.statusCode).toBe(400);
    expect(ro.json<Problem>()).toMatchObject({
      code: 'validation_failed',
      title: 'Cererea nu este validă',
      detail: 'Prețul minim nu poate fi mai mare decât prețul maxim.',
      errors: [{ path: '/minPrice', message: 'nu poate fi mai mare decât prețul maxim' }],
    });
    expect(en.json<Problem>()).toMatchObject({
      code: 'validation_failed',
      title: 'The request is not valid',
      detail: 'The lowest price cannot be above the highest price.',
      errors: [{ path: '/minPrice' }],
    });
    // Neither leaks the parameter names as the message.
    expect(ro.json<Problem>().detail).not.toContain('minPrice');
  });

  it('follows a signed-in user locale over the browser language, and DEFAULT_LOCALE otherwise', async () => {
    const client = new TestClient(app, '10.88.0.1');
    await client.register(uniqueEmail('ro'));
    expect((await client.patch('/api/auth/me', { locale: 'ro' })).statusCode).toBe(200);
    const res = await client.get('/api/reservations/no-such-reservation', { headers: { 'accept-language': 'en' } });
    expect(res.statusCode).toBe(404);
    expect(res.json<Problem>()).toMatchObject({
      code: 'not_found',
      title: 'Nu a fost găsit',
      detail: 'Această rezervare nu există.',
    });

    const roDefault = await env.startApp({ DEFAULT_LOCALE: 'ro' }, { backgroundJobs: false });
    const anonymous = await roDefault.inject({ method: 'GET', url: '/api/events/no-such-event' });
    expect(anonymous.json<Problem>()).toMatchObject({ code: 'not_found', detail: 'Acest eveniment nu există.' });
    const english = await roDefault.inject({
      method: 'GET',
      url: '/api/events/no-such-event',
      headers: { 'accept-language': 'en' },
    });
    expect(english.json<Problem>().detail).toBe('There is no such event.');
  });
});
