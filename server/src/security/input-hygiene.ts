/**
 * Text no column may hold is refused before it reaches the database: PostgreSQL cannot store a
 * NUL character in text and fails the whole query (a 500), SQLite would store it and cut strings
 * short in other tools. One 400 for path, query and body alike, on both databases.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../platform/errors.js';

const MAX_DEPTH = 64;

/** The JSON pointer of the first string (or key) with a NUL character, or undefined. */
function findNul(value: unknown, pointer: string, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? pointer || '/' : undefined;
  // A raw Buffer body (a signed webhook) is not text to store.
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || depth > MAX_DEPTH) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key.includes('\u0000')) return at;
    const found = findNul(child, at, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [where, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const pointer = findNul(value, '', 0);
      if (pointer !== undefined) {
        done(
          errors.validation(`The ${where} contains a NUL character.`, [{ path: pointer, message: `${where}: NUL character` }]),
        );
        return;
      }
    }
    done();
  });
}
