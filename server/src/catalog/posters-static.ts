import { mkdirSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { postersDir } from './posters.js';

/** Uploaded posters under /posters/: content-hashed names, so cached for a year. */
export async function registerPosters(app: FastifyInstance, dataDir: string): Promise<void> {
  const root = postersDir(dataDir);
  mkdirSync(root, { recursive: true });
  await app.register(fastifyStatic, {
    root,
    prefix: '/posters/',
    decorateReply: false,
    index: false,
    setHeaders(reply) {
      void reply.header('cache-control', 'public, max-age=31536000, immutable');
    },
  });
}
