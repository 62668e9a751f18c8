/**
 * The card form's own checks, before anything is sent: a number that passes the Luhn check, an
 * expiry as MM/YY that has not passed, a 3 or 4 digit CVC. The provider has the last word; these
 * only catch typing mistakes early, next to the field that has them.
 */
import i18next from 'i18next';
import type { PayRequest } from '@iatichet/contracts';

export interface CardValues {
  number: string;
  /** As typed: "MM/YY". */
  expiry: string;
  cvc: string;
}

export type CardField = keyof CardValues;

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** "4242424242424242" -> "4242 4242 4242 4242", at most 19 digits. */
export function formatCardNumber(input: string): string {
  return digitsOf(input)
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** "1", "12", "123" -> "1", "12/", "12/3": the slash appears by itself; backspacing over it works. */
export function formatExpiry(input: string, previous = ''): string {
  const digits = digitsOf(input).slice(0, 4);
  const deleting = input.length < previous.length;
  if (digits.length < 2) return digits;
  if (digits.length === 2) return deleting ? digits : `${digits}/`;
  return `${digits.slice(0, 2)}/${digits.slice(2)}`;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** "07/29" -> { month: 7, year: 2029 }; null when it is not a month and a two-digit year. */
export function parseExpiry(text: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec(text);
  if (match === null) return null;
  const month = Number(match[1]);
  if (month < 1 || month > 12) return null;
  return { month, year: 2000 + Number(match[2]) };
}

/** The problems with what was typed, by field; empty when the card may be sent. */
export function validateCard(values: CardValues, now: Date = new Date()): Partial<Record<CardField, string>> {
  const errors: Partial<Record<CardField, string>> = {};
  const number = digitsOf(values.number);
  if (number === '') errors.number = i18next.t('reservations:card.numberRequired');
  else if (number.length < 12 || number.length > 19) errors.number = i18next.t('reservations:card.numberLength');
  else if (!passesLuhn(number)) errors.number = i18next.t('reservations:card.numberInvalid');

  const expiry = parseExpiry(values.expiry);
  if (values.expiry.trim() === '') errors.expiry = i18next.t('reservations:card.expiryRequired');
  else if (expiry === null) errors.expiry = i18next.t('reservations:card.expiryFormat');
  else if (expiry.year * 12 + expiry.month < now.getFullYear() * 12 + now.getMonth() + 1)
    errors.expiry = i18next.t('reservations:card.expired');

  const cvc = values.cvc.trim();
  if (cvc === '') errors.cvc = i18next.t('reservations:card.cvcRequired');
  else if (!/^\d{3,4}$/.test(cvc)) errors.cvc = i18next.t('reservations:card.cvcFormat');
  return errors;
}

/** The body of POST /pay for a card that passed `validateCard`. */
export function toPayRequest(values: CardValues): PayRequest {
  const expiry = parseExpiry(values.expiry);
  if (expiry === null) throw new Error('toPayRequest: validate the card first');
  return {
    method: 'card',
    card: { number: digitsOf(values.number), expMonth: expiry.month, expYear: expiry.year, cvc: values.cvc.trim() },
  };
}
