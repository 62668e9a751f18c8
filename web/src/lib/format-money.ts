/**
 * Money as the API sends it (integer minor units plus an ISO 4217 currency) written the way the
 * reader's language writes money, and amounts typed by people turned back into minor units.
 */
import i18next from 'i18next';
import { intlLocale } from '@/i18n/locale';
import { numberFormat } from './intl-cache';

/** 4500, 'RON' -> "RON 45.00" in English, "45,00 RON" in Romanian. */
export function formatMoney(cents: number, currency: string): string {
  return numberFormat(intlLocale(), { style: 'currency', currency }).format(cents / 100);
}

/** 1234 -> "1,234" / "1.234". */
export function formatNumber(value: number): string {
  return numberFormat(intlLocale(), {}).format(value);
}

/** "From RON 45.00", or "Free" when the cheapest ticket costs nothing. */
export function formatPriceFrom(cents: number | null, currency: string): string | null {
  if (cents === null) return null;
  return cents === 0 ? i18next.t('common:price.free') : i18next.t('common:price.from', { price: formatMoney(cents, currency) });
}

/**
 * "45", "45.5", "45,50" -> 4550; null when it is not an amount (empty, negative, letters, more than
 * two decimals). A comma is read as the decimal mark, as many of our buyers type it.
 */
export function centsFromUnits(text: string): number | null {
  const value = text.trim().replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(value)) return null;
  return Math.round(Number(value) * 100);
}

/** 4550 -> "45.50", 4500 -> "45": what goes back into an amount field. */
export function unitsFromCents(cents: number): string {
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}
