/**
 * The waiting room's proof of work (API.md): a decimal `n` such that SHA-256 of `<challenge>:<n>`
 * begins with `difficulty` zero bits. The bench solves it as the browser's Web Worker does, at the
 * low difficulty the scenario gives the server (each solve costs 2^difficulty hashes on average).
 */
import { createHash } from 'node:crypto';

export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function solveChallenge(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const digest = createHash('sha256').update(`${challenge}:${n}`, 'utf8').digest();
    if (leadingZeroBits(digest) >= difficulty) return String(n);
  }
}
