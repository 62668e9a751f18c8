import { readFileSync } from 'node:fs';
import { i18next } from '@/i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationText, notificationTimeZone } from './notification-text';

type Params = Record<string, string | number | null>;

/** The server's catalogue: its `notification` keys are every message a notification can carry. */
const serverEn = JSON.parse(
  readFileSync(new URL('../../../../../server/src/platform/locales/en.json', import.meta.url), 'utf8'),
) as { notification: Record<string, Record<string, string>> };

const UNTIL = '2026-12-05T22:49:56.606Z'; // 00:49 in Bucharest (EET)
const money = { amountCents: 4500, currency: 'RON' };

/**
 * What the server stores (title and body in the English its reader had, and the message as data)
 * for every notification it sends, with the words the bell must show in each language.
 */
const CASES: [type: string, key: string, params: Params, en: string, ro: string][] = [
  [
    'payment_confirmed',
    'body',
    { code: 'K7Q2' },
    'Reservation K7Q2 is paid. Your tickets are ready.',
    'Rezervarea K7Q2 este plătită. Biletele tale sunt gata.',
  ],
  [
    'payment_confirmed',
    'late',
    { code: 'K7Q2' },
    'Your payment for K7Q2 arrived after the hold ended; the tickets were still free and are yours.',
    'Plata ta pentru K7Q2 a sosit după ce rezervarea temporară s-a încheiat; biletele erau încă libere și sunt ale tale.',
  ],
  [
    'payment_failed',
    'body',
    { code: 'K7Q2', until: UNTIL, timeZone: 'Europe/Bucharest', reason: 'The card was declined.' },
    'The payment for reservation K7Q2 was declined. You can try again until 00:49 EET.',
    'Plata pentru rezervarea K7Q2 a fost refuzată. Poți încerca din nou până la 00:49 EET.',
  ],
  [
    'hold_expiring',
    'body',
    { code: 'K7Q2', until: UNTIL, timeZone: 'Europe/Bucharest' },
    'Pay for reservation K7Q2 before 00:49 EET to keep your tickets.',
    'Plătește rezervarea K7Q2 înainte de 00:49 EET ca să-ți păstrezi biletele.',
  ],
  [
    'hold_expired',
    'body',
    { code: 'K7Q2' },
    'Reservation K7Q2 was not paid in time; its tickets went back on sale.',
    'Rezervarea K7Q2 nu a fost plătită la timp; biletele au revenit în vânzare.',
  ],
  ['reservation_cancelled', 'body', { code: 'K7Q2' }, 'Reservation K7Q2 was cancelled.', 'Rezervarea K7Q2 a fost anulată.'],
  [
    'reservation_cancelled',
    'byBuyer',
    { code: 'K7Q2' },
    'Reservation K7Q2 was cancelled at your request.',
    'Rezervarea K7Q2 a fost anulată la cererea ta.',
  ],
  [
    'reservation_cancelled',
    'byOrganiser',
    { code: 'K7Q2' },
    'Reservation K7Q2 was cancelled by the organiser.',
    'Rezervarea K7Q2 a fost anulată de organizator.',
  ],
  [
    'reservation_cancelled',
    'eventCancelled',
    { code: 'K7Q2' },
    'Reservation K7Q2 was cancelled because the event was cancelled.',
    'Rezervarea K7Q2 a fost anulată deoarece evenimentul a fost anulat.',
  ],
  [
    'reservation_cancelled',
    'refundPending',
    { code: 'K7Q2', ...money },
    'Reservation K7Q2 was cancelled. The payment provider has not confirmed your refund of RON 45.00 yet; we keep trying and will tell you when it is done.',
    'Rezervarea K7Q2 a fost anulată. Procesatorul de plăți nu a confirmat încă rambursarea sumei de 45,00 RON; reîncercăm și te anunțăm când este gata.',
  ],
  [
    'refund_issued',
    'body',
    { code: 'K7Q2', ...money },
    'Reservation K7Q2 was refunded: RON 45.00.',
    'Rezervarea K7Q2 a fost rambursată: 45,00 RON.',
  ],
  [
    'refund_issued',
    'byBuyer',
    { code: 'K7Q2', ...money },
    'Reservation K7Q2 was cancelled at your request, and RON 45.00 was refunded.',
    'Rezervarea K7Q2 a fost anulată la cererea ta, iar suma de 45,00 RON a fost rambursată.',
  ],
  [
    'refund_issued',
    'byOrganiser',
    { code: 'K7Q2', ...money },
    'Reservation K7Q2 was cancelled by the organiser, and RON 45.00 was refunded.',
    'Rezervarea K7Q2 a fost anulată de organizator, iar suma de 45,00 RON a fost rambursată.',
  ],
  [
    'refund_issued',
    'eventCancelled',
    { code: 'K7Q2', ...money },
    'The event of reservation K7Q2 was cancelled, and RON 45.00 was refunded.',
    'Evenimentul rezervării K7Q2 a fost anulat, iar suma de 45,00 RON a fost rambursată.',
  ],
  [
    'refund_issued',
    'late',
    { code: 'K7Q2', ...money },
    'Your payment for K7Q2 arrived when the tickets could no longer be sold to you, so RON 45.00 has been refunded.',
    'Plata ta pentru K7Q2 a sosit când biletele nu-ți mai puteau fi vândute, așa că suma de 45,00 RON a fost rambursată.',
  ],
  [
    'reservation_changed',
    'body',
    { code: 'K7Q2' },
    'An organiser updated reservation K7Q2.',
    'Un organizator a actualizat rezervarea K7Q2.',
  ],
  [
    'event_changed',
    'body',
    {
      title: 'Jazz Club Night',
      newTitle: 'Jazz Night',
      startsAt: '2027-07-15T16:00:00.000Z',
      timeZone: 'Europe/Bucharest',
      venue: 'Sala Mică',
      city: 'Cluj-Napoca',
      changes: 'time,venue,title',
    },
    'Jazz Club Night: it now starts Thu, 15 Jul 2027, 19:00 EEST, it moved to Sala Mică, Cluj-Napoca and it is now called “Jazz Night”.',
    'Jazz Club Night: acum începe joi, 15 iul. 2027, 19:00 EEST, s-a mutat la Sala Mică, Cluj-Napoca și acum se numește „Jazz Night”.',
  ],
  [
    'waitlist_offered',
    'offered',
    { code: 'K7Q2', quantity: 2, title: 'Jazz Club Night', until: '2026-12-05T22:49:56.606Z', timeZone: 'Europe/Bucharest' },
    '2 × Jazz Club Night: reservation K7Q2 is held for you until 00:49 EET. Pay before then to keep it.',
    '2 × Jazz Club Night: rezervarea K7Q2 este păstrată pentru tine până la 00:49 EET. Plătește până atunci ca să o păstrezi.',
  ],
];

const TITLES: Record<string, [string, string]> = {
  payment_confirmed: ['Payment confirmed', 'Plată confirmată'],
  payment_failed: ['Payment failed', 'Plata nu a reușit'],
  hold_expiring: ['Pay within 5 minutes', 'Plătește în 5 minute'],
  hold_expired: ['Reservation expired', 'Rezervare expirată'],
  reservation_cancelled: ['Reservation cancelled', 'Rezervare anulată'],
  refund_issued: ['Reservation refunded', 'Rezervare rambursată'],
  reservation_changed: ['Reservation updated', 'Rezervare actualizată'],
  event_changed: ['Event changed', 'Eveniment modificat'],
  waitlist_offered: ['Tickets from the waiting list', 'Bilete de pe lista de așteptare'],
};

const stored = (type: string, key: string, params: Params) => ({
  type,
  // The server's words in some language: the bell must not show them.
  title: 'SERVER TITLE',
  body: 'SERVER BODY 2026-12-05T22:49:56.606Z',
  message: { key: `notification.${type}.${key}`, params },
});

/** Intl separates money and units with no-break spaces; the expectations are written with plain ones. */
function plain({ title, body }: { title: string; body: string }) {
  return { title, body: body.replace(/[\u00a0\u202f]/g, ' ') };
}

afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('notificationText', () => {
  it.each(CASES)('words %s (%s) from its data in English and Romanian', async (type, key, params, en, ro) => {
    const notification = stored(type, key, params);
    expect(plain(notificationText(notification))).toEqual({ title: TITLES[type]?.[0], body: en });
    await i18next.changeLanguage('ro');
    expect(plain(notificationText(notification))).toEqual({ title: TITLES[type]?.[1], body: ro });
  });

  it('has words for every notification message the server can send', () => {
    const sent = Object.entries(serverEn.notification).flatMap(([type, variants]) =>
      type === 'change'
        ? []
        : Object.keys(variants)
            .filter((v) => v !== 'title')
            .map((v) => `${type}.${v}`),
    );
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((message) => !CASES.some(([type, key]) => `${type}.${key}` === message))).toEqual([]);
  });

  it('gives an older notification without data its general sentence, with a time as a local time', async () => {
    await i18next.changeLanguage('ro');
    const older = {
      type: 'payment_failed',
      title: 'Payment failed',
      body: `The card was declined. You can try again until ${UNTIL}.`,
    };
    expect(notificationText(older)).toEqual({
      title: 'Plata nu a reușit',
      body: 'Cardul a fost refuzat sau plata nu a reușit. Poți încerca din nou până la 00:49 EET.',
    });
  });

  it("reads a notification's own time at its event's zone when the server stored one", () => {
    expect(notificationTimeZone(stored('hold_expired', 'body', { code: 'K7Q2', timeZone: 'Europe/Bucharest' }))).toBe(
      'Europe/Bucharest',
    );
    expect(notificationTimeZone({})).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('leaves a type or a message this version does not know as the server wrote it', () => {
    expect(notificationText({ type: 'a_type_from_the_future', title: 'T', body: 'B' })).toEqual({ title: 'T', body: 'B' });
    const newer = {
      ...stored('payment_failed', 'body', {}),
      message: { key: 'notification.payment_failed.retryLater', params: {} },
    };
    expect(notificationText(newer)).toEqual({ title: 'SERVER TITLE', body: 'SERVER BODY 2026-12-05T22:49:56.606Z' });
  });

  it('gives an older waiting-list offer without data its general sentence, with the time it holds until', () => {
    const text = notificationText({ type: 'waitlist_offered', title: 'x', body: 'Held until 2026-12-05T22:49:56.606Z.' });
    expect(text.title).toBe('Tickets from the waiting list');
    expect(text.body).toMatch(/^Tickets came back and are held for you until .+; pay for them to keep them\.$/);
  });
});
