import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { isRetryable } from './query-client';

const apiError = (status: number, code: ApiError['code']) => new ApiError({ status, code, title: code });

describe('query retries', () => {
  it('retries what may succeed next time: no answer at all, or a 5xx', () => {
    expect(isRetryable(apiError(0, 'service_unavailable'))).toBe(true);
    expect(isRetryable(apiError(500, 'internal'))).toBe(true);
    expect(isRetryable(apiError(503, 'service_unavailable'))).toBe(true);
  });

  it('does not retry a 4xx answer or a bug in our own code', () => {
    expect(isRetryable(apiError(404, 'not_found'))).toBe(false);
    expect(isRetryable(apiError(429, 'rate_limited'))).toBe(false);
    expect(isRetryable(new TypeError('cannot read properties of undefined'))).toBe(false);
  });
});
