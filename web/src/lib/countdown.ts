/**
 * The payment window as people read it: a clock that counts down to `expiresAt` ("12:34"), a tone
 * that turns urgent in the last five minutes, and a sentence for screen readers that changes once a
 * minute (a clock read out every second would drown everything else on the page).
 */
import i18next from 'i18next';

export const URGENT_MS = 5 * 60_000;

export type CountdownTone = 'normal' | 'urgent' | 'expired';

/** Milliseconds from `now` until `expiresAt`; never negative. */
export function msUntil(expiresAt: string, now: number): number {
  return Math.max(0, Date.parse(expiresAt) - now);
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * "29:59", "04:05", "00:00"; "1:02:03" from an hour up (an admin may extend a hold by days).
 * Rounded up, so the clock reads 00:00 only once the time is really over.
 */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
}

export function countdownTone(ms: number): CountdownTone {
  if (ms <= 0) return 'expired';
  return ms < URGENT_MS ? 'urgent' : 'normal';
}

/** "12 minutes left", "Less than a minute left", "2 hours 5 minutes left": what a screen reader hears. */
export function spokenCountdown(ms: number): string {
  if (ms <= 0) return i18next.t('common:countdown.timeUp');
  if (ms <= 60_000) return i18next.t('common:countdown.lessThanMinute');
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return i18next.t('common:countdown.minutesLeft', { count: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (rest === 0) return i18next.t('common:countdown.hoursLeft', { count: hours });
  return i18next.t('common:countdown.hoursMinutesLeft', {
    hours: i18next.t('common:countdown.hours', { count: hours }),
    minutes: i18next.t('common:countdown.minutes', { count: rest }),
  });
}
