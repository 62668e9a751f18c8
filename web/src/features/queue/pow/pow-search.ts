/**
 * The waiting room's proof of work (API.md, "On-sales with a waiting room"): find a decimal `n`
 * whose SHA-256 of the UTF-8 text `<challenge>:<n>` begins with `difficulty` zero bits. Plain
 * functions over `crypto.subtle`, so the same code runs in the Web Worker, on the main thread when
 * no Worker exists, and in unit tests under Node.
 */

/** Whether `hash` begins with at least `bits` zero bits. */
export function hasLeadingZeroBits(hash: Uint8Array, bits: number): boolean {
  const fullBytes = Math.floor(bits / 8);
  if (hash.length * 8 < bits) return false;
  for (let i = 0; i < fullBytes; i++) if (hash[i] !== 0) return false;
  const rest = bits % 8;
  if (rest === 0) return true;
  // The top `rest` bits of the next byte must be zero.
  return (hash[fullBytes] ?? 0xff) >> (8 - rest) === 0;
}

const encoder = new TextEncoder();

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Digests started at once: crypto.subtle is asynchronous, and a few in flight keep it busy. */
const PARALLEL = 64;

/**
 * Tries the nonces `start` .. `start + count - 1`; answers the smallest that solves the puzzle,
 * or null. One call is one batch: the worker answers each batch with a message, so the page can
 * show progress and stop the search between batches.
 */
export async function searchNonces(challenge: string, difficulty: number, start: number, count: number): Promise<string | null> {
  for (let base = start; base < start + count; base += PARALLEL) {
    const end = Math.min(base + PARALLEL, start + count);
    const nonces = Array.from({ length: end - base }, (_, i) => base + i);
    const hashes = await Promise.all(nonces.map((nonce) => sha256(`${challenge}:${nonce}`)));
    const found = hashes.findIndex((hash) => hasLeadingZeroBits(hash, difficulty));
    if (found !== -1) return String(nonces[found]);
  }
  return null;
}

/**
 * How far along the search probably is, 0..1, after `tried` nonces: each try succeeds with
 * probability 2^-difficulty, so this is the chance a solution would have turned up by now. It never
 * claims 1 before the answer is found, and it does not pretend the search has a known length.
 */
export function solveProgress(tried: number, difficulty: number): number {
  const expected = 2 ** difficulty;
  return Math.min(0.99, 1 - Math.exp(-tried / expected));
}
