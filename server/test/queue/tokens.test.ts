/** Challenges and passes on their own: expiry, binding, tampering, and the zero-bit count. */
import { describe, expect, it } from 'vitest';
import { checkSolution, issueChallenge, leadingZeroBits, solveChallenge } from '../../src/queue/challenge.js';
import { issuePass, passIsValid } from '../../src/queue/pass.js';

const now = new Date('2026-12-06T12:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('waiting-room challenges', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(Buffer.from([0x00, 0x0f]))).toBe(12);
    expect(leadingZeroBits(Buffer.from([0x80]))).toBe(0);
    expect(leadingZeroBits(Buffer.from([0x00, 0x00]))).toBe(16);
  });

  it('accepts a solved challenge until it expires, and not one signed by another secret or easier than asked', () => {
    const { challenge, difficulty, expiresAt } = issueChallenge('secret', 6, now);
    const solution = solveChallenge(challenge, difficulty);
    expect(checkSolution('secret', 6, challenge, solution, later(1000))?.expiresAt.toISOString()).toBe(expiresAt);
    expect(checkSolution('secret', 6, challenge, solution, new Date(Date.parse(expiresAt)))).toBeUndefined();
    expect(checkSolution('other secret', 6, challenge, solution, later(1000))).toBeUndefined();
    // Raised since it was issued: an old, easier challenge no longer admits.
    expect(checkSolution('secret', 7, challenge, solution, later(1000))).toBeUndefined();
  });

  it('gives every challenge its own 128-bit nonce, also across the refills of the pool it is drawn from', () => {
    const nonces = Array.from({ length: 1000 }, () => issueChallenge('secret', 6, now).challenge.split('.')[0] ?? '');
    for (const n of nonces) expect(Buffer.from(n, 'base64url')).toHaveLength(16);
    expect(new Set(nonces).size).toBe(1000);
  });
});

describe('waiting-room passes', () => {
  const pass = issuePass('secret', 'event-a', 'user-1', later(10 * 60_000));

  it('is valid for its account and event until it expires', () => {
    expect(passIsValid('secret', pass, 'event-a', 'user-1', later(60_000))).toBe(true);
    expect(passIsValid('secret', pass, 'event-a', 'user-1', later(10 * 60_000))).toBe(false);
  });

  it('is worth nothing on another event, for another account, with a longer expiry written in, or garbled', () => {
    expect(passIsValid('secret', pass, 'event-b', 'user-1', now)).toBe(false);
    expect(passIsValid('secret', pass, 'event-a', 'user-2', now)).toBe(false);
    const [, mac] = pass.split('.');
    expect(passIsValid('secret', `${later(60 * 60_000).getTime()}.${mac ?? ''}`, 'event-a', 'user-1', now)).toBe(false);
    for (const bad of ['', '.', 'abc', `${later(1000).getTime()}.`, `${pass}x`])
      expect(passIsValid('secret', bad, 'event-a', 'user-1', now)).toBe(false);
  });
});
