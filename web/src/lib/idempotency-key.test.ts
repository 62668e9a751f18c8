import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { createIdempotencyKeys, newIdempotencyKey } from './idempotency-key';

const declined = new ApiError({ status: 402, code: 'payment_declined', title: 'Declined' });
const outage = new ApiError({ status: 503, code: 'payment_unavailable', title: 'Unavailable' });
const offline = new ApiError({ status: 0, code: 'service_unavailable', title: 'Network error' });

function counter() {
  let n = 0;
  return () => `key-${++n}`;
}

describe('newIdempotencyKey', () => {
  it('makes a version 4 UUID, different every time', () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
});

describe('createIdempotencyKeys', () => {
  it('sends the same key again for a retry of the same request that got no answer', () => {
    const keys = createIdempotencyKeys(counter());
    expect(keys.keyFor({ seats: ['a'] })).toBe('key-1');
    keys.settle(offline);
    expect(keys.keyFor({ seats: ['a'] })).toBe('key-1');
    keys.settle(outage);
    expect(keys.keyFor({ seats: ['a'] })).toBe('key-1');
  });

  it('starts a new key once the server answered, so a second try with the same card is a new attempt', () => {
    const keys = createIdempotencyKeys(counter());
    expect(keys.keyFor({ card: '4000' })).toBe('key-1');
    keys.settle(declined);
    expect(keys.keyFor({ card: '4000' })).toBe('key-2');
    keys.settle();
    expect(keys.keyFor({ card: '4000' })).toBe('key-3');
  });

  it('starts a new key when the request changes', () => {
    const keys = createIdempotencyKeys(counter());
    expect(keys.keyFor({ seats: ['a'] })).toBe('key-1');
    keys.settle(offline);
    expect(keys.keyFor({ seats: ['b'] })).toBe('key-2');
  });
});
