/** Accept-Encoding negotiation and the once-per-answer gzip of cached catalog answers. */
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESS_MIN_BYTES, EncodedAnswer, acceptsGzip } from '../../src/platform/compression.js';

describe('acceptsGzip', () => {
  it.each([
    ['gzip, deflate, br, zstd', true],
    ['GZIP', true],
    ['br;q=1.0, gzip;q=0.8, *;q=0.1', true],
    ['x-gzip', true],
    ['*', true],
    ['deflate, br', false],
    ['gzip;q=0', false],
    ['gzip;q=0.000', false],
    ['gzip;q=0, *', false],
    ['*;q=0', false],
    ['identity', false],
    ['gzip;q=nonsense', false],
    ['', false],
    [undefined, false],
  ])('%j → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
    // Asked again (the remembered answer) it says the same.
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('EncodedAnswer', () => {
  it('gzips a large answer once, to bytes that decode to the same JSON', () => {
    const json = JSON.stringify({ items: Array.from({ length: 50 }, (_, i) => ({ id: i, title: `Event number ${i}` })) });
    const answer = new EncodedAnswer(Buffer.from(json));
    expect(answer.compressible).toBe(true);
    const gzipped = answer.gzip();
    expect(gzipped).toBeDefined();
    expect(gunzipSync(gzipped ?? Buffer.alloc(0)).toString('utf8')).toBe(json);
    expect((gzipped ?? Buffer.alloc(0)).length).toBeLessThan(json.length / 3);
    expect(answer.gzip()).toBe(gzipped);
  });

  it('leaves a small answer as it is', () => {
    const answer = new EncodedAnswer(Buffer.alloc(COMPRESS_MIN_BYTES - 1, 'a'));
    expect(answer.compressible).toBe(false);
    expect(answer.gzip()).toBeUndefined();
  });
});
