import { i18next } from '@/i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationText } from './notification-text';

// What the server stores for a declined card today (payment-flow.ts).
const declined = {
  type: 'payment_failed',
  title: 'Payment failed',
  body: 'The card was declined. You can try again until 2026-12-05T22:49:56.606Z.',
};

afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('notificationText', () => {
  it('says until when a declined payment can be retried as a local time, not an ISO string', () => {
    const text = notificationText(declined, 'Europe/Bucharest');
    expect(text.title).toBe('Payment failed');
    expect(text.body).toBe('Your card was declined or the payment did not go through. You can try again until 00:49 EET.');
    expect(text.body).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('says it in Romanian', async () => {
    await i18next.changeLanguage('ro');
    const text = notificationText(declined, 'Europe/Bucharest');
    expect(text.title).toBe('Plata nu a reușit');
    expect(text.body).toBe('Cardul a fost refuzat sau plata nu a reușit. Poți încerca din nou până la 00:49 EET.');
  });

  it('leaves a type this version does not know as the server wrote it', () => {
    expect(notificationText({ type: 'a_type_from_the_future', title: 'T', body: 'B' })).toEqual({ title: 'T', body: 'B' });
  });

  it('words a waiting-list offer with the time it holds until', () => {
    const text = notificationText(
      { type: 'waitlist_offered', title: 'x', body: 'Held until 2026-12-05T22:49:56.606Z.' },
      'Europe/Bucharest',
    );
    expect(text).toEqual({
      title: 'Tickets from the waiting list',
      body: 'Tickets came back and are held for you until 00:49 EET; pay for them to keep them.',
    });
  });
});
