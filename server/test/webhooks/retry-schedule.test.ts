/** The real retry schedule of API.md, as a pure function: 5 s, 30 s, 2 min, 10 min, 1 h, then every 3 h until 24 h, +0–20 % jitter. */
import { describe, expect, it } from 'vitest';
import { GIVE_UP_AFTER_MS, basePauseMs, nextAttemptAt } from '../../src/webhooks/retry-schedule.js';

const S = 1000;
const H = 3600 * S;

describe('webhook retry schedule', () => {
  it('pauses 5 s, 30 s, 2 min, 10 min, 1 h, then 3 h after each failure', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map(basePauseMs)).toEqual([5 * S, 30 * S, 120 * S, 600 * S, H, 3 * H, 3 * H, 3 * H]);
  });

  it('adds between 0 and 20 % of jitter, never less than the pause', () => {
    expect(nextAttemptAt(0, 1, 1000, { random: () => 0 })).toBe(1000 + 5 * S);
    expect(nextAttemptAt(0, 2, 1000, { random: () => 0.5 })).toBe(1000 + 30 * S * 1.1);
    const high = nextAttemptAt(0, 5, 0, { random: () => 0.999999 }) ?? 0;
    expect(high).toBeGreaterThan(H * 1.19);
    expect(high).toBeLessThan(H * 1.2);
    for (let i = 0; i < 200; i++) {
      const at = nextAttemptAt(0, 3, 0) ?? 0;
      expect(at).toBeGreaterThanOrEqual(120 * S);
      expect(at).toBeLessThan(120 * S * 1.2);
    }
  });

  it('gives up once the next attempt would fall past 24 h after the event, at most about a dozen attempts', () => {
    for (const random of [() => 0, () => 0.999999]) {
      let now = 0;
      let failures = 0;
      const times: number[] = [0];
      for (;;) {
        failures++;
        const next = nextAttemptAt(0, failures, now, { random });
        if (next === null) break;
        expect(next).toBeLessThanOrEqual(GIVE_UP_AFTER_MS);
        times.push(next);
        now = next;
      }
      // The last try comes within one (jittered) 3 h pause of the 24 h limit.
      expect(now).toBeGreaterThan(GIVE_UP_AFTER_MS - 3 * H * 1.2);
      expect(times.length).toBeGreaterThanOrEqual(10);
      expect(times.length).toBeLessThanOrEqual(13);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeGreaterThanOrEqual(gaps[i - 1] ?? 0);
    }
  });

  it('scales every time down for tests, the 24 h limit too', () => {
    expect(nextAttemptAt(0, 1, 0, { random: () => 0, scale: 0.001 })).toBe(5);
    expect(nextAttemptAt(0, 6, 24 * H * 0.001 - 1, { random: () => 0, scale: 0.001 })).toBeNull();
  });
});
