/** The English `checkin` catalogue as a plain translate function, for unit tests without React. */
import { createInstance } from 'i18next';
import en from '@/i18n/locales/en/checkin.json';
import ro from '@/i18n/locales/ro/checkin.json';
import type { Translate } from './result-text';

export function checkinTranslate(lng: 'en' | 'ro' = 'en'): Translate {
  const instance = createInstance();
  void instance.init({
    lng,
    resources: { en: { checkin: en }, ro: { checkin: ro } },
    ns: ['checkin'],
    defaultNS: 'checkin',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  const t = instance.getFixedT(lng, 'checkin');
  return (key, options) => t(key, options);
}
