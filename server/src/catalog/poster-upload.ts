/**
 * Reading the one file of a poster upload. The multipart parser (busboy) reports a body it cannot
 * parse (no boundary, cut off, headers that never end) as a plain Error with no status; left
 * alone that was a 500. Here it is the client's 400, while the parser's own limits keep their
 * statuses (413) and a file that is too big says so.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, errors } from '../platform/errors.js';

function malformed(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const { code, statusCode } = err as { code?: unknown; statusCode?: unknown };
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('payload_too_large', 'The poster may be at most 5 MB.');
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new AppError(statusCode === 413 ? 'payload_too_large' : 'validation_failed', (err as Error).message);
  }
  return errors.validation('The multipart body could not be read; it is malformed or cut off.', [
    { path: '/file', message: 'malformed multipart body' },
  ]);
}

/** The bytes of the multipart field "file", or a 4xx AppError. */
export async function readPosterFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the poster as multipart/form-data.');
  try {
    const file = await request.file();
    if (file === undefined)
      throw errors.validation('Attach the image in a field named "file".', [{ path: '/file', message: 'missing' }]);
    return await file.toBuffer();
  } catch (err) {
    throw malformed(err);
  }
}
