/**
 * The draw's order: a Fisher–Yates shuffle driven by a deterministic byte stream, so the recorded
 * seed reproduces the order for an audit. The stream is HMAC-SHA-256(seed, counter) blocks; each
 * index is taken from 32-bit words by rejection sampling (words at or above the largest multiple
 * of the range are skipped), so every permutation is equally likely, with no modulo bias.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const SEED_BYTES = 32;

export function newSeed(): Buffer {
  return randomBytes(SEED_BYTES);
}

class SeededStream {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;
  constructor(private readonly seed: Buffer) {}

  private nextWord(): number {
    if (this.offset + 4 > this.block.length) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(BigInt(this.counter++));
      this.block = createHmac('sha256', this.seed).update(counter).digest();
      this.offset = 0;
    }
    const word = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return word;
  }

  /** A uniform integer in [0, bound). */
  below(bound: number): number {
    const limit = Math.floor(0x1_0000_0000 / bound) * bound;
    for (;;) {
      const word = this.nextWord();
      if (word < limit) return word % bound;
    }
  }
}

/** A permutation of 0..n-1 drawn from `seed`: the same seed and n always give the same order. */
export function drawOrder(seed: Buffer, n: number): number[] {
  if (seed.length !== SEED_BYTES) throw new Error(`the draw needs a ${SEED_BYTES}-byte seed`);
  const order = Array.from({ length: n }, (_, i) => i);
  const stream = new SeededStream(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = stream.below(i + 1);
    const swap = order[i] as number;
    order[i] = order[j] as number;
    order[j] = swap;
  }
  return order;
}
