/**
 * Serves the built web app from the same port as the API. Hashed assets are cached for a year;
 * index.html never is. Client routes fall back to index.html; `/api/*` and non-GET never do.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors, sendProblem } from './errors.js';

const NON_SPA_PREFIXES = ['/api/', '/api', '/socket.io/', '/healthz', '/readyz', '/metrics', '/assets/', '/posters/'];

function isClientRoute(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = request.url.split('?')[0] ?? '/';
  if (NON_SPA_PREFIXES.some((p) => pathname === p || pathname.startsWith(p.endsWith('/') ? p : `${p}/`))) return false;
  // A path with a file extension is a missing file, not a page.
  return !/\.[a-z0-9]{1,8}$/i.test(pathname);
}

export async function registerWebApp(app: FastifyInstance, webRoot: string | undefined): Promise<void> {
  const indexFile = webRoot === undefined ? undefined : path.join(webRoot, 'index.html');
  const hasWebApp = indexFile !== undefined && existsSync(indexFile);

  if (hasWebApp) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      // The build writes .br and .gz copies (web/build/precompress.ts): sent to browsers that accept them.
      preCompressed: true,
      setHeaders(reply, filePath) {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    if (hasWebApp && isClientRoute(request)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(reply, errors.notFound(request.url.startsWith('/api') ? 'API route' : 'page'));
  });
}
