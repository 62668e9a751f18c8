import '@/i18n';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { describeWait, errorMessage } from './error-messages';

describe('rate limit messages', () => {
  it('rounds a wait up to what a person would say', () => {
    expect(describeWait(0.2)).toBe('1 second');
    expect(describeWait(45)).toBe('45 seconds');
    expect(describeWait(60)).toBe('1 minute');
    expect(describeWait(61)).toBe('2 minutes');
    expect(describeWait(900)).toBe('15 minutes');
  });

  it('says how long to wait when the server told us, and stays generic when it did not', () => {
    const known = new ApiError({ status: 429, code: 'rate_limited', title: 'x', retryAfterSeconds: 300 });
    const unknown = new ApiError({ status: 429, code: 'rate_limited', title: 'x' });
    expect(errorMessage(known)).toBe('Too many attempts. Please wait 5 minutes and try again.');
    expect(errorMessage(unknown)).toBe('Too many attempts. Please wait a moment and try again.');
  });
});

describe('sign-in messages', () => {
  it('says the account is disabled only when the server says so, after a right password', () => {
    const disabled = new ApiError({
      status: 401,
      code: 'invalid_credentials',
      title: 'x',
      problem: { type: 'about:blank', title: 'x', status: 401, code: 'invalid_credentials', reason: 'account_disabled' },
    });
    const wrong = new ApiError({ status: 401, code: 'invalid_credentials', title: 'x' });
    expect(errorMessage(disabled)).toBe('This account has been disabled. Please contact the organiser.');
    expect(errorMessage(wrong)).toBe('That email and password do not match. Please try again.');
  });
});
