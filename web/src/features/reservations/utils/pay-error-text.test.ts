import '@/i18n';
import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { payErrorText } from './pay-error-text';

const apiError = (status: number, code: ApiError['code'], detail?: string) => new ApiError({ status, code, title: 'x', detail });

describe('payErrorText', () => {
  it('asks for another card after a decline and says until when the seats stay held', () => {
    const text = payErrorText(apiError(402, 'payment_declined'), '14:35');
    expect(text.title).toBe('Your card was declined');
    expect(text.message).toContain('try another card — your seats stay held until 14:35');
    expect(text.canRetry).toBe(true);
  });

  it('treats an outage as worth another try, with nothing charged', () => {
    const text = payErrorText(apiError(503, 'payment_unavailable'), '14:35');
    expect(text.message).toContain('Nothing was charged');
    expect(text.message).toContain('14:35');
    expect(text.canRetry).toBe(true);
  });

  it('ends the checkout when the hold has expired', () => {
    expect(payErrorText(apiError(409, 'hold_expired'), '14:35').canRetry).toBe(false);
  });

  it("passes the server's reason on for a conflict", () => {
    const text = payErrorText(apiError(409, 'conflict', 'A card payment for this reservation is in progress.'), '14:35');
    expect(text.message).toBe('A card payment for this reservation is in progress.');
  });
});
