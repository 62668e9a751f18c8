/**
 * The draw's shuffle: the recorded seed reproduces the order, every order is a permutation, and
 * the orders are uniform (chi-square over all 120 orders of 5, and each place of one element in 10).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { drawOrder, newSeed } from '../../src/queue/shuffle.js';

const seedOf = (i: number) => createHash('sha256').update(`seed-${i}`).digest();

/** Chi-square statistic of observed counts against equal expectations. */
function chiSquare(counts: number[], total: number): number {
  const expected = total / counts.length;
  return counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
}

describe('the draw’s shuffle', () => {
  it('gives the same order for the same seed, and a different one for another seed', () => {
    const seed = newSeed();
    expect(drawOrder(Buffer.from(seed), 1000)).toEqual(drawOrder(seed, 1000));
    expect(drawOrder(newSeed(), 1000)).not.toEqual(drawOrder(seed, 1000));
  });

  it('answers a permutation of 0..n-1 for every n, and refuses a short seed', () => {
    for (const n of [0, 1, 2, 3, 17, 1000]) {
      const order = drawOrder(newSeed(), n);
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(() => drawOrder(Buffer.alloc(16), 10)).toThrow();
  });

  it('draws each of the 120 orders of five equally often (chi-square, 119 degrees of freedom)', () => {
    const trials = 60_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < trials; i++) {
      const key = drawOrder(seedOf(i), 5).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(120);
    // The 99.9999th percentile of chi-square with 119 degrees of freedom is about 205.
    expect(chiSquare([...counts.values()], trials)).toBeLessThan(205);
  });

  it('puts one element in each of ten places equally often, also in a long line', () => {
    const trials = 10_000;
    const places = new Array<number>(10).fill(0);
    const lastPlaces = new Array<number>(10).fill(0);
    for (let i = 0; i < trials; i++) {
      const order = drawOrder(seedOf(1_000_000 + i), 10);
      places[order.indexOf(0)] = (places[order.indexOf(0)] ?? 0) + 1;
    }
    // In a line of 1,000, the element that arrived first lands in each tenth equally often.
    const longTrials = 1000;
    for (let i = 0; i < longTrials; i++) {
      const tenth = Math.floor(drawOrder(seedOf(2_000_000 + i), 1000).indexOf(0) / 100);
      lastPlaces[tenth] = (lastPlaces[tenth] ?? 0) + 1;
    }
    // The 99.9999th percentile of chi-square with 9 degrees of freedom is about 42.
    expect(chiSquare(places, trials)).toBeLessThan(42);
    expect(chiSquare(lastPlaces, longTrials)).toBeLessThan(42);
  });
});
