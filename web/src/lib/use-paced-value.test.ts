import { describe, expect, it } from 'vitest';
import { pacedDelay } from './use-paced-value';

describe('a live region paced for listening', () => {
  it('says the first change and an urgent one at once', () => {
    expect(pacedDelay(1_000, null, 20_000, false)).toBe(0);
    expect(pacedDelay(1_000, 900, 20_000, true)).toBe(0);
  });

  it('waits until the interval after the last one said, and no longer', () => {
    expect(pacedDelay(5_000, 0, 20_000, false)).toBe(15_000);
    expect(pacedDelay(19_999, 0, 20_000, false)).toBe(1);
    expect(pacedDelay(20_000, 0, 20_000, false)).toBe(0);
    expect(pacedDelay(90_000, 0, 20_000, false)).toBe(0);
  });
});
