/**
 * Uploaded posters under /posters/, read from the upload store (DATA_DIR or the S3 bucket) by
 * whichever instance the request reaches. Names are content hashes, so answers are cached for a
 * year and the name itself is the ETag.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../platform/errors.js';
import type { ObjectStore } from '../platform/storage/object-store.js';
import { POSTER_FILE, posterObjectKey } from './posters.js';

export function registerPosters(app: FastifyInstance, store: ObjectStore): void {
  app.get<{ Params: { file: string } }>('/posters/:file', { schema: { hide: true } }, async (request, reply) => {
    const { file } = request.params;
    if (!POSTER_FILE.test(file)) throw errors.notFound('poster');
    const etag = `"${file}"`;
    const immutable = 'public, max-age=31536000, immutable';
    // The same name always has the same bytes: a browser that has them needs no store round trip.
    if (request.headers['if-none-match'] === etag)
      return reply.code(304).header('cache-control', immutable).header('etag', etag).send();
    const object = await store.get(posterObjectKey(file));
    if (object === undefined) throw errors.notFound('poster');
    void reply.header('cache-control', immutable).header('etag', etag).type(object.contentType);
    if (object.size !== undefined) void reply.header('content-length', object.size);
    return reply.send(object.body);
  });
}
