import { i18next } from '@/i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { eventTimeZone, formatEventTime, fromDateTimeLocal, FALLBACK_TIME_ZONE } from './format-event-time';
import { formatMoney } from './format-money';

// 19:00 UTC on 12 December 2026 is 21:00 in Cluj (EET, UTC+2) and 14:00 in New York.
const START = '2026-12-12T19:00:00.000Z';

afterEach(async () => {
  await i18next.changeLanguage('en');
});

describe('formatEventTime', () => {
  it("shows the event's own time and zone, whatever the reader's zone", () => {
    const previous = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      expect(formatEventTime(START, undefined, 'Europe/Bucharest')).toBe('Sat, 12 Dec 2026, 21:00 EET');
      expect(formatEventTime(START, undefined, 'America/New_York')).toBe('Sat, 12 Dec 2026, 14:00 GMT-5');
    } finally {
      process.env['TZ'] = previous;
    }
  });

  it('writes the same time in Romanian', async () => {
    await i18next.changeLanguage('ro');
    expect(formatEventTime(START, undefined, 'Europe/Bucharest')).toBe('sâm., 12 dec. 2026, 21:00 EET');
  });

  it("decides whether an event spans days by the event's calendar, not UTC's", () => {
    // 23:00 to 01:30 UTC is 01:00 to 03:30 the same night in Bucharest: one day there.
    const oneNight = formatEventTime('2026-12-12T23:00:00Z', '2026-12-13T01:30:00Z', 'Europe/Bucharest');
    expect(oneNight).toBe('Sun, 13 Dec 2026, 01:00 EET');
    expect(formatEventTime('2026-07-10T15:00:00Z', '2026-07-12T20:00:00Z', 'Europe/Bucharest')).toMatch(/10.*12 Jul 2026/);
  });
});

describe('eventTimeZone', () => {
  it("uses the event's zone and falls back to Romania's only when it has none", () => {
    expect(eventTimeZone({ timeZone: 'Europe/London' })).toBe('Europe/London');
    expect(eventTimeZone({})).toBe(FALLBACK_TIME_ZONE);
    expect(FALLBACK_TIME_ZONE).toBe('Europe/Bucharest');
  });
});

describe('formatMoney', () => {
  it('writes lei as each language does', async () => {
    expect(formatMoney(4550, 'RON').replace(/\s/g, ' ')).toBe('RON 45.50');
    await i18next.changeLanguage('ro');
    expect(formatMoney(4550, 'RON').replace(/\s/g, ' ')).toBe('45,50 RON');
  });
});

describe('fromDateTimeLocal around clock changes', () => {
  it('reads a time that the spring change skips on the clock after the change, in every zone', () => {
    // 03:30 in Bucharest on 29 March 2026 is 04:30 EEST; 02:30 in New York on 8 March 2026 is
    // 03:30 EDT (07:30 UTC), not 01:30 EST, an hour before the time typed.
    expect(fromDateTimeLocal('2026-03-29T03:30', 'Europe/Bucharest')).toBe('2026-03-29T01:30:00.000Z');
    expect(fromDateTimeLocal('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00.000Z');
  });

  it('reads a time that the autumn change repeats as its first occurrence (RFC 5545), in every zone', () => {
    // 03:30 EEST in Bucharest on 25 October 2026, 01:30 EDT in New York on 1 November 2026.
    expect(fromDateTimeLocal('2026-10-25T03:30', 'Europe/Bucharest')).toBe('2026-10-25T00:30:00.000Z');
    expect(fromDateTimeLocal('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
  });
});
