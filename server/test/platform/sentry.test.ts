import type { ErrorEvent } from '@sentry/node';
import { describe, expect, it } from 'vitest';
import { scrubEvent } from '../../src/platform/sentry.js';

describe('Sentry event scrubbing', () => {
  it('keeps the user id and drops passwords, cookies, tokens and card numbers', () => {
    const event = {
      type: undefined,
      message: 'payment failed for card 4242 4242 4242 4242',
      user: { id: 'u1', email: 'a@b.co', ip_address: '1.2.3.4' },
      request: {
        url: 'https://x/api/auth/login',
        cookies: { iat_session: 'secret-session' },
        headers: { cookie: 'iat_session=secret-session', 'x-csrf-token': 'tok', 'user-agent': 'UA' },
        data: {
          email: 'a@b.co',
          password: 'hunter2hunter2',
          card: { number: '4242424242424242', cvc: '123' },
          note: 'card 4000000000000002',
        },
      },
      extra: { newPassword: 'x', nested: { apiKey: 'k', ok: 'fine' } },
    } as unknown as ErrorEvent;
    const out = scrubEvent(event);
    const text = JSON.stringify(out);
    for (const secret of [
      'secret-session',
      'hunter2hunter2',
      '4242424242424242',
      '4242 4242 4242 4242',
      '4000000000000002',
      '"tok"',
      'a@b.co", "ip',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(out.user).toEqual({ id: 'u1' });
    expect(out.request?.headers?.['user-agent']).toBe('UA');
    expect((out.extra?.nested as { ok: string }).ok).toBe('fine');
  });
});
