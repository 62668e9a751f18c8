import { i18next } from '@/i18n';
import { describe, expect, it } from 'vitest';
import { countdownTone, formatCountdown, msUntil, spokenCountdown } from './countdown';

describe('formatCountdown', () => {
  it('writes minutes and seconds as mm:ss', () => {
    expect(formatCountdown(30 * 60_000)).toBe('30:00');
    expect(formatCountdown(4 * 60_000 + 5_000)).toBe('04:05');
    expect(formatCountdown(9_000)).toBe('00:09');
  });

  it('rounds up, so 00:00 appears only when the time is over', () => {
    expect(formatCountdown(29 * 60_000 + 59_001)).toBe('30:00');
    expect(formatCountdown(1)).toBe('00:01');
    expect(formatCountdown(0)).toBe('00:00');
    expect(formatCountdown(-5_000)).toBe('00:00');
  });

  it('adds hours for a hold an admin extended', () => {
    expect(formatCountdown(3_600_000 + 2 * 60_000 + 3_000)).toBe('1:02:03');
    expect(formatCountdown(50 * 3_600_000)).toBe('50:00:00');
  });
});

describe('countdownTone', () => {
  it('is urgent in the last five minutes and expired at zero', () => {
    expect(countdownTone(5 * 60_000)).toBe('normal');
    expect(countdownTone(5 * 60_000 - 1)).toBe('urgent');
    expect(countdownTone(1)).toBe('urgent');
    expect(countdownTone(0)).toBe('expired');
  });
});

describe('msUntil', () => {
  it('counts from now and never goes below zero', () => {
    const now = Date.parse('2027-03-01T19:00:00.000Z');
    expect(msUntil('2027-03-01T19:30:00.000Z', now)).toBe(30 * 60_000);
    expect(msUntil('2027-03-01T18:59:00.000Z', now)).toBe(0);
  });
});

describe('spokenCountdown', () => {
  it('says whole minutes, rounded up, and changes once a minute', () => {
    expect(spokenCountdown(30 * 60_000)).toBe('30 minutes left');
    expect(spokenCountdown(29 * 60_000 + 1)).toBe('30 minutes left');
    expect(spokenCountdown(2 * 60_000)).toBe('2 minutes left');
    expect(spokenCountdown(60_000)).toBe('Less than a minute left');
    expect(spokenCountdown(0)).toBe('Time is up');
  });

  it('says hours for long holds', () => {
    expect(spokenCountdown(60 * 60_000)).toBe('1 hour left');
    expect(spokenCountdown(125 * 60_000)).toBe('2 hours 5 minutes left');
    expect(spokenCountdown(61 * 60_000)).toBe('1 hour 1 minute left');
  });
});

describe('spokenCountdown in Romanian', () => {
  it('uses the one, few and other plural forms', async () => {
    await i18next.changeLanguage('ro');
    try {
      expect(spokenCountdown(60_000 + 1)).toBe('Au mai rămas 2 minute');
      expect(spokenCountdown(25 * 60_000)).toBe('Au mai rămas 25 de minute');
      expect(spokenCountdown(61 * 60_000)).toBe('Au mai rămas 1 oră și 1 minut');
    } finally {
      await i18next.changeLanguage('en');
    }
  });
});
