/**
 * Compressed answers for the large, hot, cached ones (catalog pages, seat maps): a 20 kB page of
 * events is about 3 kB gzipped, so a browser waits for fewer bytes and the server writes fewer.
 * Each answer is compressed once, when first asked for gzipped, and reused for as long as it is
 * cached (one second): not once per request, as a general compression hook would.
 */
import { promisify } from 'node:util';
import { gzip, gzipSync } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Below this a compressed answer saves less than it costs (headers and a round of zlib). */
export const COMPRESS_MIN_BYTES = 1024;

/** JSON bytes ready to send, and their gzipped form once someone has asked for it. */
export class EncodedAnswer {
  private gzipped: Buffer | undefined;

  constructor(readonly body: Buffer) {}

  /** Whether this answer is ever sent compressed (so it varies by Accept-Encoding). */
  get compressible(): boolean {
    return this.body.length >= COMPRESS_MIN_BYTES;
  }

  /**
   * Compresses ahead, on libuv's thread pool: a 3 MB seat map takes tens of milliseconds of zlib,
   * which on the event loop every request waiting behind it would feel.
   */
  async prepareGzip(): Promise<void> {
    if (this.compressible && this.gzipped === undefined) this.gzipped = await gzipAsync(this.body);
  }

  /** The gzipped body, or undefined for an answer too small to be worth it. */
  gzip(): Buffer | undefined {
    if (!this.compressible) return undefined;
    this.gzipped ??= gzipSync(this.body);
    return this.gzipped;
  }
}

let lastHeader: string | undefined;
let lastAccepts = false;

/**
 * Whether an Accept-Encoding header accepts gzip (RFC 9110 §12.5.3): listed (or as x-gzip) with a
 * q above 0, or not listed and `*` is, above 0. Browsers send the same header on every request,
 * so the last one's answer is kept.
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  if (header === lastHeader) return lastAccepts;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    let q = 1;
    for (const param of params) {
      const [key = '', value = ''] = param.split('=');
      if (key.trim().toLowerCase() === 'q') q = Number(value.trim());
    }
    if (!Number.isFinite(q)) q = 0;
    if (coding === '*') any = q;
    else gzip = Math.max(gzip ?? 0, q);
  }
  const accepts = (gzip ?? any ?? 0) > 0;
  lastHeader = header;
  lastAccepts = accepts;
  return accepts;
}
