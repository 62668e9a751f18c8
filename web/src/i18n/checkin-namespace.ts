/**
 * The `checkin` namespace for the scanner pages. The app-wide i18n setup (being built alongside:
 * it loads every file under src/i18n/locales by itself) wins when present; until it is, this
 * starts a minimal i18next with only these catalogues, so the scanner speaks English or Romanian
 * either way. Imported by every component that calls useTranslation('checkin') (the scanner pages
 * and the admin dashboard's duplicates panel). Once the app-wide setup is merged this file only
 * adds bundles it already has, and can go.
 */
import i18next from 'i18next';
import { getI18n, initReactI18next } from 'react-i18next';
import en from '@/i18n/locales/en/checkin.json';
import ro from '@/i18n/locales/ro/checkin.json';

export const CHECKIN_NS = 'checkin';

const registered = getI18n() as typeof i18next | undefined;
const instance = registered ?? i18next;
if (registered === undefined) {
  void instance.use(initReactI18next).init({
    lng: navigator.language.toLowerCase().startsWith('ro') ? 'ro' : 'en',
    fallbackLng: 'en',
    ns: [CHECKIN_NS],
    defaultNS: CHECKIN_NS,
    resources: {},
    interpolation: { escapeValue: false },
    initAsync: false,
  });
}
for (const [lng, bundle] of [
  ['en', en],
  ['ro', ro],
] as const) {
  if (!instance.hasResourceBundle(lng, CHECKIN_NS)) instance.addResourceBundle(lng, CHECKIN_NS, bundle);
}
