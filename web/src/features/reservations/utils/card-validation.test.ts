import '@/i18n';
import { describe, expect, it } from 'vitest';
import { TEST_CARDS } from '@iatichet/contracts';
import { formatCardNumber, formatExpiry, parseExpiry, passesLuhn, toPayRequest, validateCard } from './card-validation';

const MARCH_2027 = new Date(2027, 2, 15);
const good = { number: '4242 4242 4242 4242', expiry: '12/30', cvc: '123' };

describe('formatCardNumber', () => {
  it('groups digits in fours and drops everything else', () => {
    expect(formatCardNumber('4242424242424242')).toBe('4242 4242 4242 4242');
    expect(formatCardNumber('4242-4242 42')).toBe('4242 4242 42');
    expect(formatCardNumber('4242')).toBe('4242');
    expect(formatCardNumber('1'.repeat(25))).toBe('1111 1111 1111 1111 111');
  });
});

describe('formatExpiry', () => {
  it('adds the slash after the month, and lets it be deleted', () => {
    expect(formatExpiry('1')).toBe('1');
    expect(formatExpiry('12', '1')).toBe('12/');
    expect(formatExpiry('12', '12/')).toBe('12');
    expect(formatExpiry('1230')).toBe('12/30');
    expect(formatExpiry('12/305')).toBe('12/30');
  });
});

describe('passesLuhn', () => {
  it('accepts every simulated test card and refuses a typo', () => {
    for (const number of Object.values(TEST_CARDS)) expect(passesLuhn(number)).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('')).toBe(false);
  });
});

describe('parseExpiry', () => {
  it('reads MM/YY', () => {
    expect(parseExpiry('07/29')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiry('7/29')).toEqual({ month: 7, year: 2029 });
    expect(parseExpiry('13/29')).toBeNull();
    expect(parseExpiry('00/29')).toBeNull();
    expect(parseExpiry('0729')).toBeNull();
  });
});

describe('validateCard', () => {
  it('finds nothing wrong with a good card', () => {
    expect(validateCard(good, MARCH_2027)).toEqual({});
  });

  it('asks for every missing field', () => {
    expect(validateCard({ number: '', expiry: '', cvc: '' }, MARCH_2027)).toEqual({
      number: 'Enter the card number.',
      expiry: 'Enter the expiry date.',
      cvc: 'Enter the security code.',
    });
  });

  it('catches typing mistakes in the number', () => {
    expect(validateCard({ ...good, number: '4242 4242' }, MARCH_2027).number).toMatch(/12 to 19 digits/);
    expect(validateCard({ ...good, number: '4242 4242 4242 4241' }, MARCH_2027).number).toMatch(/not valid/);
  });

  it('accepts a card until the end of its expiry month', () => {
    expect(validateCard({ ...good, expiry: '03/27' }, MARCH_2027)).toEqual({});
    expect(validateCard({ ...good, expiry: '02/27' }, MARCH_2027).expiry).toBe('This card has expired.');
    expect(validateCard({ ...good, expiry: '2/2027' }, MARCH_2027).expiry).toMatch(/MM\/YY/);
  });

  it('wants a 3 or 4 digit security code', () => {
    expect(validateCard({ ...good, cvc: '1234' }, MARCH_2027)).toEqual({});
    expect(validateCard({ ...good, cvc: '12' }, MARCH_2027).cvc).toMatch(/3 or 4 digits/);
    expect(validateCard({ ...good, cvc: '12a' }, MARCH_2027).cvc).toMatch(/3 or 4 digits/);
  });
});

describe('toPayRequest', () => {
  it('sends digits only and a four-digit year', () => {
    expect(toPayRequest(good)).toEqual({
      method: 'card',
      card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' },
    });
  });
});
