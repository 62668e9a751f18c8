/**
 * The request validator coerces types (query strings arrive as text), and in a union it coerces
 * the value into the first member that takes it: "integer or null" turned the event form's "no
 * minimum" (`minPriceCents: null`) into 0, making every ticket type pay-what-you-want from 0, and
 * "null or integer" would turn a minimum of 0 into none. A string, number or boolean that may be
 * null is therefore written as one type list (`OrNull`), whose values are never coerced; and a
 * JSON body, which carries its own types, is no longer coerced at all (platform/validators.ts).
 * Checked on every schema the routes share (@iatichet/contracts), and on the validators.
 */
import * as contracts from '@iatichet/contracts';
import { EventInputSchema, OrNull } from '@iatichet/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestValidatorCompiler } from '../../src/platform/validators.js';

const PRIMITIVE = new Set(['string', 'integer', 'number', 'boolean']);

/** Paths (in the schema) of unions of null with a primitive, which coercion can rewrite. */
function coercibleUnions(schema: unknown, at: string, found: string[]): string[] {
  if (Array.isArray(schema)) schema.forEach((s, i) => coercibleUnions(s, `${at}/${i}`, found));
  else if (schema !== null && typeof schema === 'object') {
    const record = schema as Record<string, unknown>;
    for (const key of ['anyOf', 'oneOf']) {
      const members = record[key];
      if (!Array.isArray(members)) continue;
      const types = members.map((m) => (m as { type?: unknown } | null)?.type);
      if (types.includes('null') && types.some((t) => typeof t === 'string' && PRIMITIVE.has(t))) found.push(`${at}/${key}`);
    }
    for (const [key, value] of Object.entries(record)) coercibleUnions(value, `${at}/${key}`, found);
  }
  return found;
}

describe('inputs that may be null', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    // A server with the app's own validators, on routes of the test's own.
    app = Fastify();
    app.setValidatorCompiler(requestValidatorCompiler());
    const fields = Type.Object({ a: OrNull(Type.Integer({ minimum: 0 })), b: OrNull(Type.String()) });
    app.post('/nullable', { schema: { body: fields } }, (request) => request.body);
    app.get('/nullable', { schema: { querystring: fields } }, (request) => request.query);
    await app.ready();
  });
  afterAll(() => app.close());

  it('writes no shared schema as a union of null and a primitive', () => {
    // The OpenAPI document cannot tell: it writes either form as `nullable: true`.
    const schemas = Object.entries(contracts).filter(([name]) => name.endsWith('Schema'));
    expect(schemas.length).toBeGreaterThan(50);
    expect(JSON.stringify(EventInputSchema)).toContain('"type":["integer","null"]');
    const found = schemas.flatMap(([name, schema]) => coercibleUnions(schema, name, []));
    expect(found).toEqual([]);
  });

  it('takes a body as sent: null stays null, 0 stays 0, and a value of the wrong type is refused', async () => {
    const send = (body: unknown) => app.inject({ method: 'POST', url: '/nullable', payload: body as object });
    expect((await send({ a: null, b: null })).json()).toEqual({ a: null, b: null });
    expect((await send({ a: 0, b: '' })).json()).toEqual({ a: 0, b: '' });
    expect((await send({ a: '7', b: 'x' })).statusCode).toBe(400);
    expect((await send({ a: 7, b: 5 })).statusCode).toBe(400);
  });

  it('coerces a query string from text, and refuses text that is no number', async () => {
    expect((await app.inject('/nullable?a=7&b=x')).json()).toEqual({ a: 7, b: 'x' });
    expect((await app.inject('/nullable?a=x')).statusCode).toBe(400);
  });
});
