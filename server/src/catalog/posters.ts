/**
 * Event posters: recognised by their content (JPEG, PNG or WebP, whatever the file is called),
 * re-encoded by sharp in the image process (image-helper.ts; sharp drops metadata) to the widths
 * the pages use, and kept in the upload store (DATA_DIR or S3) with content-hashed names so they
 * can be cached forever.
 */
import { createHash } from 'node:crypto';
import { AppError, errors } from '../platform/errors.js';
import type { ObjectStore } from '../platform/storage/object-store.js';
import { ImageUnreadable, runImageJob } from './image-helper.js';

export const POSTER_WIDTHS = [480, 1200] as const;

type ImageKind = 'jpeg' | 'png' | 'webp';

/** The image type from the file's first bytes, or undefined. */
export function sniffImage(bytes: Buffer): ImageKind | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 12 && bytes.toString('ascii', 0, 4) === 'RIFF' && bytes.toString('ascii', 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

/** The file name of one width of a poster, as its URL ends: `<24 hex>-<width>.webp`. */
export const POSTER_FILE = new RegExp(`^[0-9a-f]{24}-(${POSTER_WIDTHS.join('|')})\\.webp$`);

/** Where one width of a poster lives in the upload store (under DATA_DIR: `posters/<file>`). */
export function posterObjectKey(file: string): string {
  return `posters/${file}`;
}

/** Stores the poster in every width; answers its content-hash key. */
export async function storePoster(store: ObjectStore, bytes: Buffer): Promise<string> {
  const kind = sniffImage(bytes);
  if (kind === undefined) throw new AppError('unsupported_media_type', 'The poster must be a JPEG, PNG or WebP image.');
  let outputs: Buffer[];
  try {
    outputs = await runImageJob({ op: 'poster', bytes, kind, widths: [...POSTER_WIDTHS] });
  } catch (err) {
    if (!(err instanceof ImageUnreadable)) throw err;
    throw errors.validation('The poster image could not be read; it may be damaged.', [
      { path: '/file', message: 'unreadable image' },
    ]);
  }
  const key = createHash('sha256')
    .update(outputs[outputs.length - 1] ?? bytes)
    .digest('hex')
    .slice(0, 24);
  // Every width is stored before the event names the key, so no page links a missing file.
  await Promise.all(
    POSTER_WIDTHS.map((width, i) =>
      store.put(posterObjectKey(`${key}-${width}.webp`), outputs[i] ?? Buffer.alloc(0), 'image/webp'),
    ),
  );
  return key;
}

/** Print JPEGs of the posters used lately: a key names its content, so a copy never goes stale. */
const PRINT_COPIES = 32;
/** Conversions done or under way, least recently used first; a failed one is not kept. */
const printCopies = new Map<string, Promise<Buffer | null>>();

/**
 * The poster as a JPEG for print (the ticket PDF: pdfkit reads JPEG and PNG, not the WebP we
 * store), from its narrow width; null when the event has none or the store cannot give it, so a
 * ticket is never refused for want of its decoration. An on-sale mails hundreds of PDFs of one
 * event a minute: its poster is converted once (concurrent PDFs wait for the same conversion) and
 * kept among the 32 used last.
 */
export function posterForPrint(store: ObjectStore, posterKey: string): Promise<Buffer | null> {
  const kept = printCopies.get(posterKey);
  if (kept !== undefined) {
    printCopies.delete(posterKey);
    printCopies.set(posterKey, kept);
    return kept;
  }
  const converting = convertForPrint(store, posterKey);
  printCopies.set(posterKey, converting);
  if (printCopies.size > PRINT_COPIES) printCopies.delete(printCopies.keys().next().value ?? '');
  void converting.then((jpeg) => {
    if (jpeg === null && printCopies.get(posterKey) === converting) printCopies.delete(posterKey);
  });
  return converting;
}

async function convertForPrint(store: ObjectStore, posterKey: string): Promise<Buffer | null> {
  try {
    const object = await store.get(posterObjectKey(`${posterKey}-${POSTER_WIDTHS[0]}.webp`));
    if (object === undefined) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
    const [jpeg] = await runImageJob({ op: 'jpeg', bytes: Buffer.concat(chunks) });
    return jpeg ?? null;
  } catch {
    return null;
  }
}
