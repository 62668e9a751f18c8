/**
 * The waiting room's proof of work (API.md): stateless challenges signed with the room's secret,
 * so any instance can check one another issued; spending is recorded in the store (first use wins
 * on every instance). A challenge is `<nonce>.<expiresMs>.<difficulty>.<mac>`; its solution `n`
 * makes SHA-256("<challenge>:<n>") start with `difficulty` zero bits.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { QueueChallenge } from '@iatichet/contracts';

export const CHALLENGE_TTL_MS = 5 * 60_000;

const mac = (secret: string, body: string) => createHmac('sha256', secret).update(`queue-challenge:${body}`).digest('base64url');

/**
 * 16 random bytes per challenge, taken from a pool drawn 256 challenges at a time: one
 * randomBytes call per challenge was a tenth of an on-sale crowd's challenge requests (each is a
 * synchronous trip to the system's generator), as node's randomUUID pools its bytes for the same
 * reason. The bytes are used once and never leave the process otherwise.
 */
const NONCE_BYTES = 16;
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

function nonce(): string {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = randomBytes(NONCE_BYTES * 256);
    nonceOffset = 0;
  }
  const bytes = noncePool.subarray(nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return bytes.toString('base64url');
}

export function issueChallenge(secret: string, difficulty: number, now: Date): QueueChallenge {
  const expires = now.getTime() + CHALLENGE_TTL_MS;
  const body = `${nonce()}.${expires}.${difficulty}`;
  return { challenge: `${body}.${mac(secret, body)}`, difficulty, expiresAt: new Date(expires).toISOString() };
}

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

export function solves(challenge: string, solution: string, difficulty: number): boolean {
  return leadingZeroBits(createHash('sha256').update(`${challenge}:${solution}`, 'utf8').digest()) >= difficulty;
}

/** Brute force, for tests and the bench (a browser does the same in a Web Worker). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) if (solves(challenge, String(n), difficulty)) return String(n);
}

export interface CheckedChallenge {
  /** What the store records as spent. */
  id: string;
  expiresAt: Date;
}

/**
 * The challenge if it is ours, unexpired, at least as hard as asked now and solved; else undefined.
 * Spending it is the caller's second step.
 */
export function checkSolution(
  secret: string,
  minDifficulty: number,
  challenge: string,
  solution: string,
  now: Date,
): CheckedChallenge | undefined {
  const parts = challenge.split('.');
  if (parts.length !== 4) return undefined;
  const [nonce, expiresRaw, difficultyRaw, given] = parts as [string, string, string, string];
  const expected = Buffer.from(mac(secret, `${nonce}.${expiresRaw}.${difficultyRaw}`));
  const received = Buffer.from(given);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return undefined;
  const expires = Number(expiresRaw);
  const difficulty = Number(difficultyRaw);
  if (!Number.isSafeInteger(expires) || expires <= now.getTime()) return undefined;
  if (!Number.isInteger(difficulty) || difficulty < minDifficulty) return undefined;
  if (!solves(challenge, solution, difficulty)) return undefined;
  return { id: nonce, expiresAt: new Date(expires) };
}
