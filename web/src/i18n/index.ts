/**
 * The web app's two languages through i18next: one catalogue per feature folder plus `common`,
 * all bundled (they are small), so the first paint is already in the reader's language.
 * `<html lang>` follows the language, for screen readers and hyphenation.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LOCALE, LOCALES, initialLocale, rememberLocale, type Locale } from './locale';
import { namespaces, resources } from './resources';

function setDocumentLanguage(language: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = language;
  // index.html ships the English description; search engines and link previews that run the app
  // read it in the page's language.
  document.querySelector('meta[name="description"]')?.setAttribute('content', i18next.t('common:meta.description'));
}

i18next.on('languageChanged', setDocumentLanguage);

void i18next.use(initReactI18next).init({
  resources,
  ns: namespaces,
  defaultNS: 'common',
  lng: initialLocale(),
  fallbackLng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  // React escapes what it renders; escaping here too would show "&amp;" in names.
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

/** Switch the language on screen and remember it for this browser. */
export function changeLocale(locale: Locale): void {
  rememberLocale(locale);
  if (i18next.resolvedLanguage !== locale) void i18next.changeLanguage(locale);
}

export { i18next };
