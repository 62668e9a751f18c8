import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasLeadingZeroBits, searchNonces, solveProgress } from './pow-search';
import { BATCH, solveWith } from './solve-challenge';

/** The server's check, written independently with node:crypto: what the solver must satisfy. */
function leadingZeroBits(text: string): number {
  const hash = createHash('sha256').update(text, 'utf8').digest();
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

/** The smallest nonce from 0 with enough zero bits, by brute force with node:crypto. */
function firstSolution(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) if (leadingZeroBits(`${challenge}:${n}`) >= difficulty) return String(n);
}

describe('hasLeadingZeroBits', () => {
  it('counts whole zero bytes and the top bits of the next one', () => {
    expect(hasLeadingZeroBits(Uint8Array.of(0x00, 0x0f, 0xff), 12)).toBe(true);
    expect(hasLeadingZeroBits(Uint8Array.of(0x00, 0x0f, 0xff), 13)).toBe(false);
    expect(hasLeadingZeroBits(Uint8Array.of(0x00, 0x00, 0x80), 16)).toBe(true);
    expect(hasLeadingZeroBits(Uint8Array.of(0x00, 0x00, 0x80), 17)).toBe(false);
    expect(hasLeadingZeroBits(Uint8Array.of(0x80), 0)).toBe(true);
    expect(hasLeadingZeroBits(Uint8Array.of(0x7f), 1)).toBe(true);
    expect(hasLeadingZeroBits(Uint8Array.of(0x7f), 2)).toBe(false);
  });
});

describe('searchNonces', () => {
  it('finds the same first solution as an independent node:crypto search, at low difficulty', async () => {
    for (const [challenge, difficulty] of [
      ['abc.def.ghi', 4],
      ['another-challenge', 8],
      ['ăîșț-utf8', 10],
    ] as const) {
      const expected = firstSolution(challenge, difficulty);
      const found = await searchNonces(challenge, difficulty, 0, Number(expected) + 1);
      expect(found).toBe(expected);
      expect(leadingZeroBits(`${challenge}:${found}`)).toBeGreaterThanOrEqual(difficulty);
    }
  });

  it('answers null when the batch holds no solution', async () => {
    const challenge = 'no-luck-here';
    const first = Number(firstSolution(challenge, 8));
    expect(first).toBeGreaterThan(0);
    expect(await searchNonces(challenge, 8, 0, first)).toBeNull();
  });
});

describe('solveWith', () => {
  it('goes batch by batch, reports rising progress and returns a valid solution', async () => {
    const challenge = { challenge: 'batches', difficulty: 13, expiresAt: new Date(Date.now() + 60_000).toISOString() };
    const starts: number[] = [];
    const progress: number[] = [];
    const solution = await solveWith(
      async (request) => {
        starts.push(request.start);
        return searchNonces(request.challenge, request.difficulty, request.start, request.count);
      },
      challenge,
      { onProgress: (value) => progress.push(value) },
    );
    expect(solution).toBe(firstSolution('batches', 13));
    expect(starts).toEqual(starts.map((_, i) => i * BATCH));
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] ?? 0);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const challenge = { challenge: 'never', difficulty: 40, expiresAt: new Date().toISOString() };
    let batches = 0;
    const search = solveWith(
      () => {
        batches++;
        if (batches === 3) controller.abort();
        return Promise.resolve(null);
      },
      challenge,
      { signal: controller.signal },
    );
    await expect(search).rejects.toThrow(/stopped/);
    expect(batches).toBe(3);
  });
});

describe('solveProgress', () => {
  it('grows with the tries and never claims to be done', () => {
    expect(solveProgress(0, 18)).toBe(0);
    expect(solveProgress(2 ** 18, 18)).toBeCloseTo(1 - Math.exp(-1), 5);
    expect(solveProgress(2 ** 30, 18)).toBeLessThan(1);
  });
});
