/** The pace of deliveries while the event loop is saturated (webhooks/loop-pressure.ts). */
import { describe, expect, it } from 'vitest';
import { LoopPressure, Pace } from '../../src/webhooks/loop-pressure.js';

describe('Pace', () => {
  it('grants a burst at once, then perSecond a second, never more than the burst after a pause', () => {
    let now = 1_000;
    const pace = new Pace(100, 10, () => now);
    expect(pace.take(50)).toBe(10);
    expect(pace.take(5)).toBe(0);
    now += 50; // 5 tokens
    expect(pace.take(3)).toBe(3);
    expect(pace.take(10)).toBe(2);
    now += 60_000; // a long pause refills to the burst only
    expect(pace.take(1_000)).toBe(10);
    // Over one simulated second of asking every 10 ms, about perSecond are granted.
    let granted = 0;
    for (let i = 0; i < 100; i++) {
      now += 10;
      granted += pace.take(1_000);
    }
    expect(granted).toBe(100);
  });

  it('tells how long until a burst may start, so a paced worker claims a burst at a time', () => {
    let now = 0;
    const pace = new Pace(300, 30, () => now);
    expect(pace.waitMs(30)).toBe(0);
    expect(pace.take(30)).toBe(30);
    // Empty: 30 more take a tenth of a second at 300 a second; asking for more waits no longer.
    expect(pace.waitMs(30)).toBe(100);
    expect(pace.waitMs(500)).toBe(100);
    now += 50;
    expect(pace.waitMs(30)).toBe(50);
    expect(pace.waitMs(10)).toBe(0);
    now += 50;
    expect(pace.take(500)).toBe(30);
  });
});

describe('LoopPressure', () => {
  it('reports a saturated event loop, and a free one again afterwards', async () => {
    const pressure = new LoopPressure();
    try {
      const until = Date.now() + 350;
      // Busy for a few samples: blocked for 30 ms of every 31.
      while (Date.now() < until) {
        const block = Date.now() + 30;
        while (Date.now() < block);
        await new Promise((r) => setTimeout(r, 1));
      }
      expect(pressure.busy()).toBe(true);
      await new Promise((r) => setTimeout(r, 350));
      expect(pressure.busy()).toBe(false);
    } finally {
      pressure.stop();
    }
  });
});
