/**
 * The image process (forked by image-helper.ts): every sharp (libvips) call of the server runs
 * here, one message per job, and the process exits when its parent lets it go. libvips's threads
 * leave glibc arenas behind that are never given back: resizing one upload to its widths kept
 * about 120 MB in the process that did it for the rest of its life. Here that memory goes with
 * the process, and the server stays its own size.
 */
import sharp from 'sharp';
import type { ImageJob, ImageReply } from './image-jobs.js';

/** Larger images are refused before they are decoded (a decompression bomb). */
const MAX_INPUT_PIXELS = 40_000_000;

sharp.cache(false);

async function run(job: ImageJob): Promise<Buffer[]> {
  // A Buffer crosses the channel as a plain Uint8Array.
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  switch (job.op) {
    case 'poster': {
      const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).metadata();
      if (meta.format !== job.kind) throw new Error('format mismatch');
      return Promise.all(
        job.widths.map((width) =>
          sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS })
            .rotate()
            .resize({ width, withoutEnlargement: true })
            .webp({ quality: 82 })
            .toBuffer(),
        ),
      );
    }
    case 'svg-png':
      return [await sharp(bytes).png().toBuffer()];
    case 'jpeg':
      return [await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).jpeg({ quality: 80 }).toBuffer()];
  }
}

process.on('message', (message: { id: number; job: ImageJob }) => {
  void run(message.job)
    .then(
      (outputs): ImageReply => ({ id: message.id, outputs }),
      (err: unknown): ImageReply => ({
        id: message.id,
        error: err instanceof Error ? err.message : String(err),
        unreadable: true,
      }),
    )
    .then((reply) => process.send?.(reply));
});
// The server closed the channel (it stopped, or let this process go when idle).
process.on('disconnect', () => process.exit(0));
