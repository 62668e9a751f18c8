/** Sending the public catalog's cached answers: as stored, gzipped when large and accepted. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptsGzip, type EncodedAnswer } from '../platform/compression.js';
import type { CatalogCache } from './catalog-cache.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** A cached answer as it is (no second serialization), gzipped when it is large and the client accepts that. */
function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: EncodedAnswer): void {
  void reply.type(JSON_TYPE);
  if (answer.compressible) {
    const vary = reply.getHeader('vary');
    void reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`);
    const gzipped = acceptsGzip(request.headers['accept-encoding']) ? answer.gzip() : undefined;
    if (gzipped !== undefined) {
      void reply.header('content-encoding', 'gzip').send(gzipped);
      return;
    }
  }
  void reply.send(answer.body);
}

/**
 * A fresh local copy is sent at once, with no promise on the path most catalog reads take;
 * otherwise the load (or the shared cache) answers later. With `staleMs`, a local copy up to that
 * much past its second is sent at once too while one reload runs behind it (the seat map).
 */
export function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: CatalogCache,
  key: string,
  load: () => Promise<unknown>,
  options: { staleMs?: number } = {},
): Promise<void> | undefined {
  const fresh = cache.peek(key);
  if (fresh !== undefined) {
    sendAnswer(request, reply, fresh);
    return undefined;
  }
  const stale = options.staleMs === undefined ? undefined : cache.peekStale(key, options.staleMs);
  if (stale !== undefined) {
    // Single flight: one reload however many requests see the stale copy; a failed reload is
    // retried by the next request, and past staleMs requests wait for (and see) the load's error.
    cache.getOrLoad(key, load).catch(() => undefined);
    sendAnswer(request, reply, stale);
    return undefined;
  }
  return cache.getOrLoad(key, load).then((answer) => sendAnswer(request, reply, answer));
}
