/**
 * Which language the app speaks. A signed-in person's `locale` wins (the root layout applies it);
 * before that, a visitor's own choice kept in localStorage, else the browser's languages, else English.
 * Kept free of React and of the catalogues so that lib/ formatters and unit tests can use it.
 */
import i18next from 'i18next';
import { LOCALES, type Locale } from '@iatichet/contracts';

export { LOCALES, type Locale };
export const DEFAULT_LOCALE: Locale = 'en';
const STORAGE_KEY = 'iatichet.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** 'ro-RO' -> 'ro', 'en-US' -> 'en', 'de' -> null. */
export function localeFromTag(tag: string): Locale | null {
  const primary = tag.toLowerCase().split('-')[0];
  return isLocale(primary) ? primary : null;
}

function storedLocale(): Locale | null {
  try {
    const value = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null; // storage disabled (privacy mode): the choice just lasts for this page
  }
}

/** The visitor's choice, remembered across visits (also for someone who never signs in). */
export function rememberLocale(locale: Locale): void {
  try {
    if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // see storedLocale
  }
}

function browserLocale(): Locale | null {
  const tags = typeof navigator === 'undefined' ? [] : navigator.languages;
  for (const tag of tags) {
    const locale = localeFromTag(tag);
    if (locale !== null) return locale;
  }
  return null;
}

export function initialLocale(): Locale {
  return storedLocale() ?? browserLocale() ?? DEFAULT_LOCALE;
}

/** The language on screen now ('en' before i18next starts, as in unit tests). */
export function currentLocale(): Locale {
  const language = i18next.resolvedLanguage ?? i18next.language;
  return isLocale(language) ? language : DEFAULT_LOCALE;
}

/**
 * The BCP 47 tag Intl formats with. English is British English: 24-hour clock and day-month order,
 * as our buyers in Romania read it.
 */
export function intlLocale(locale: Locale = currentLocale()): string {
  return locale === 'ro' ? 'ro-RO' : 'en-GB';
}
