/**
 * Random requests generated from the app's own OpenAPI document: for each operation, path ids
 * (real fixture ids or junk), query strings and JSON bodies that follow the schema, sit on its
 * boundaries, or break it (wrong types, out-of-range numbers, extra and missing properties, hostile
 * strings). Drives the property tests in fuzz-routes.test.ts.
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  nullable?: boolean;
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  pathParams: string[];
  query: { name: string; schema: JsonSchema }[];
  body: JsonSchema | undefined;
}

export interface GeneratedRequest {
  url: string;
  /** undefined: no body; a string is sent as it is (e.g. broken JSON), anything else as JSON. */
  body: unknown;
  rawBody: boolean;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
}

/**
 * Percent-encodes like encodeURIComponent, but a lone surrogate (which that refuses) goes out as
 * the bytes of its invalid UTF-8 form: the server must cope with those too.
 */
export function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\s\S]/gu, (ch) => {
      const code = ch.charCodeAt(0);
      if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) {
        return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
          .map((b) => `%${b.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(ch);
    });
  }
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      ops.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

/** Strings that have broken real systems: NUL, lone surrogates, RTL overrides, SQL and HTML metacharacters, traversal. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  'e\u0301\u0301\u0301',
  '\u202eevil\u202c',
  '\u200b\u200d\ufeff',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'ﷺ𒐫𒈙',
  "' OR '1'='1' --",
  '"; drop table users; --',
  '%',
  '_',
  '\\',
  '%_\\%',
  '<script>window.__xss=1</script>',
  '<img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '${7*7}{{7*7}}',
  '1e309',
  '-0',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '2026-02-30T25:61:61Z',
  'x'.repeat(5000),
];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  hostileString,
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant(JSON.parse('{"__proto__":{"role":"admin"}}') as unknown),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type !== undefined) return [schema.type];
  return [];
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 200;
  if (schema.format === 'date-time') {
    return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  }
  if (schema.format === 'email') return fc.emailAddress().filter((e) => e.length <= max);
  const boundary = [min, Math.max(min, max)].map((n) => 'a'.repeat(n));
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 40), unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.constantFrom(...boundary) },
    { weight: 2, arbitrary: hostileString },
  );
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? -1_000_000;
  const max = schema.maximum ?? 1_000_000;
  const inRange = integer ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
  return fc.oneof(
    { weight: 3, arbitrary: inRange },
    { weight: 1, arbitrary: fc.constantFrom(min, max, min - 1, max + 1, 0, -1, 2 ** 31, 2 ** 53 + 2, 1.5) },
  );
}

/** Values that mostly follow `schema`, often at its edges and sometimes just past them. */
export function valueFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.enum !== undefined)
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: hostileString });
  if (schema.anyOf !== undefined) return fc.oneof(...schema.anyOf.map((s) => valueFor(s, depth)));
  const types = typesOf(schema);
  const options: fc.Arbitrary<unknown>[] = [];
  if (schema.nullable || types.includes('null')) options.push(fc.constant(null));
  for (const type of types) {
    if (type === 'string') options.push(stringFor(schema));
    else if (type === 'integer') options.push(numberFor(schema, true));
    else if (type === 'number') options.push(numberFor(schema, false));
    else if (type === 'boolean') options.push(fc.boolean());
    else if (type === 'array' && depth < 4) {
      options.push(
        fc.array(valueFor(schema.items ?? {}, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 4, 4),
        }),
      );
    } else if (type === 'object' && depth < 4) options.push(objectFor(schema, depth));
  }
  if (options.length === 0) return anyJson;
  return fc.oneof(...options);
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(properties).map(([name, s]) => [name, valueFor(s, depth + 1)] as const);
  const record = fc.record(Object.fromEntries(entries), {
    requiredKeys: Object.keys(properties).filter((k) => required.has(k)),
  });
  return record;
}

/** Breaks a value the way careless or hostile clients do. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
  const base: fc.Arbitrary<unknown>[] = [anyJson, fc.constant([value]), fc.constant({ value })];
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    base.push(
      // mass assignment: fields the client must never set
      fc
        .constantFrom('role', 'status', 'priceCents', 'totalCents', 'sold', 'held', 'userId', 'paidAt', 'id', 'disabled')
        .chain((k) => anyJson.map((v) => ({ ...value, [k]: v }))),
    );
    if (keys.length > 0) {
      base.push(fc.constantFrom(...keys).chain((k) => anyJson.map((v) => ({ ...value, [k]: v }))));
      base.push(fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(value).filter(([key]) => key !== k))));
    }
  }
  return fc.oneof(...base);
}

function bodyFor(schema: JsonSchema): fc.Arbitrary<{ body: unknown; rawBody: boolean }> {
  const valid = valueFor(schema);
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((body) => ({ body, rawBody: false })) },
    { weight: 3, arbitrary: valid.chain(mutate).map((body) => ({ body, rawBody: false })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{', '{"a":', 'null', '[]', '"text"', '1', '{"a":1}{"b":2}', '\u0000', '{"__proto__":{"role":"admin"}}')
        .map((body) => ({ body, rawBody: true })),
    },
  );
}

function queryFor(params: Operation['query']): fc.Arbitrary<string> {
  if (params.length === 0) return fc.constant('');
  const pairs = params.map((p) =>
    fc.option(
      valueFor(p.schema).map((v) => `${encodeLoosely(p.name)}=${encodeLoosely(typeof v === 'string' ? v : JSON.stringify(v))}`),
      { nil: undefined, freq: 2 },
    ),
  );
  return fc.tuple(...pairs).map((parts) => {
    const present = parts.filter((p): p is string => p !== undefined);
    return present.length === 0 ? '' : `?${present.join('&')}`;
  });
}

/** One random request for `op`; `ids` are real ids a path parameter may take. */
export function requestFor(op: Operation, ids: string[]): fc.Arbitrary<GeneratedRequest> {
  const idArb = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: hostileString.filter((s) => s.length > 0 && s.length <= 100) },
    { weight: 1, arbitrary: fc.uuid() },
  );
  const pathArb = fc
    .tuple(...op.pathParams.map(() => idArb))
    .map((values) => op.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, encodeLoosely(values[i] ?? '')), op.path));
  const bodyArb =
    op.body !== undefined
      ? bodyFor(op.body)
      : fc.constant<{ body: unknown; rawBody: boolean }>({ body: undefined, rawBody: false });
  return fc.record({ path: pathArb, query: queryFor(op.query), body: bodyArb }).map(({ path, query, body }) => ({
    url: path + query,
    body: body.body,
    rawBody: body.rawBody,
  }));
}
