/**
 * Text no column may hold is refused before it reaches the database: PostgreSQL cannot store a
 * NUL character in text and fails the whole query (a 500), SQLite would store it and cut strings
 * short in other tools. One 400 for path, query and body alike, on both databases.
 */
import type { FastifyInstance } from 'fastify';
import { errors } from '../platform/errors.js';

const MAX_DEPTH = 64;

/**
 * The JSON pointer, relative to `value`, of the first string (or key) with a NUL character:
 * '' for `value` itself, undefined when there is none. Built only when found: clean input (every
 * request) allocates nothing.
 */
function findNul(value: unknown, depth: number): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? '' : undefined;
  // A raw Buffer body (a signed webhook) is not text to store.
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || depth > MAX_DEPTH) return undefined;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const found = key.includes('\u0000') ? '' : findNul(record[key], depth + 1);
    if (found !== undefined) return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}${found}`;
  }
  return undefined;
}

function refuse(where: string, found: string) {
  const pointer = found || '/';
  return errors.validation(`The ${where} contains a NUL character.`, [{ path: pointer, message: `${where}: NUL character` }]);
}

export function registerInputHygiene(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    let found = findNul(request.params, 0);
    if (found !== undefined) {
      done(refuse('params', found));
      return;
    }
    found = findNul(request.query, 0);
    if (found !== undefined) {
      done(refuse('query', found));
      return;
    }
    found = findNul(request.body, 0);
    if (found !== undefined) {
      done(refuse('body', found));
      return;
    }
    done();
  });
}
