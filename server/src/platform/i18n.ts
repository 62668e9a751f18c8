/**
 * The server's words in English and Romanian: error titles and details, emails, ticket PDFs,
 * exports and notifications, from one i18next instance over the catalogues in locales/. Whole
 * sentences are keys with named parameters, never pieces glued together, so a translation can
 * put the words in its own order. Who reads decides the language: the signed-in user's `locale`,
 * else the request's Accept-Language, else DEFAULT_LOCALE (recipients of mail: their `locale`).
 */
import { LOCALES, type Locale } from '@iatichet/contracts';
import type { FastifyRequest } from 'fastify';
import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json';
import ro from './locales/ro.json';

export const CATALOGUES: Record<Locale, Record<string, unknown>> = { en, ro };

const i18n = i18next.createInstance();
void i18n.init({
  resources: { en: { translation: en }, ro: { translation: ro } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  // Resources are given here, so init finishes before it returns: t() works at once.
  initAsync: false,
  // Plain text for mail, PDFs and JSON: nothing is HTML, so nothing is escaped.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The text of `key` in `locale`; a key missing in Romanian falls back to English. */
export function translate(locale: Locale, key: string, params: TOptions = {}): string {
  return i18n.getFixedT(locale)(key, params);
}

export function hasKey(key: string): boolean {
  return i18n.exists(key, { lng: 'en', fallbackLng: false });
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first language of an Accept-Language header that we speak, by quality; undefined when none. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (header === undefined || header === '') return undefined;
  const ranked = header
    .slice(0, 500)
    .split(',')
    .map((part, index) => {
      const [tag = '', ...attrs] = part.trim().split(';');
      const q = attrs.map((a) => /^\s*q=([0-9.]+)\s*$/.exec(a)?.[1]).find((v) => v !== undefined);
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.language).find(isLocale);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's language (set by security/auth.ts); null for anonymous callers. */
    userLocale: Locale | null;
  }
}

export function registerLocale(app: { decorateRequest(name: 'userLocale', value: null): unknown }): void {
  app.decorateRequest('userLocale', null);
}

/** The language to answer this request in. */
export function requestLocale(request: Pick<FastifyRequest, 'userLocale' | 'headers'>, fallback: Locale): Locale {
  const header = request.headers['accept-language'];
  return request.userLocale ?? localeFromAcceptLanguage(typeof header === 'string' ? header : undefined) ?? fallback;
}
