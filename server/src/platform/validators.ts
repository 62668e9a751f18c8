/**
 * Request validation. Query strings, path parameters and headers arrive as text, so their values
 * are coerced to the schema's types ("5" → 5, "a" → ["a"]). A JSON body already carries its types
 * and is validated as sent: coercion there turned a null into 0, "" or false and a number into a
 * string, so `priceCents: null` from a careless client became a price of 0 (free tickets) instead
 * of a 400. Both validators keep the rest of Fastify's defaults (formats, defaults filled in).
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const SHARED: Options = { useDefaults: true, removeAdditional: false, allErrors: false, addUsedSchema: false };
/** Query strings, path parameters and headers. A value that may be null is a type list (contracts' OrNull), never coerced. */
const TEXT_VALIDATOR_OPTIONS: Options = { ...SHARED, coerceTypes: 'array' };
/** JSON bodies: as sent. */
const BODY_VALIDATOR_OPTIONS: Options = { ...SHARED, coerceTypes: false };

// ajv-formats is CommonJS: its default export is the plugin, or a namespace holding it.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

/**
 * RFC 3339 allows a leap second ("2030-06-30T23:59:60Z"), and ajv-formats accepts it, but a
 * JavaScript Date cannot hold one: it parses as Invalid Date, whose toISOString() throws, so such a
 * time passed validation and failed later as a 500. A date-time must also be one Date can read.
 *
 * It must also be one both databases can store once read as UTC: PostgreSQL has no year 0000, and
 * an offset can carry "0001-01-01T00:00:00+00:01" back into it or "9999-12-31T23:59:59-00:01"
 * into year 10000 (which toISOString() writes as "+010000-..."). Such a time (a scanner's reset
 * clock, say) passed validation and failed at the insert as a 500, after the offline sync had
 * already admitted the batch's tickets. So the instant must lie in UTC years 1 to 9999.
 */
const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

function readableDateTimes(ajv: Ajv): void {
  const rfc3339 = ajv.formats['date-time'] as {
    validate: (value: string) => boolean;
    compare: (a: string, b: string) => number | undefined;
  };
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => {
      if (!rfc3339.validate(value)) return false;
      const ms = Date.parse(value);
      return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
    },
    compare: rfc3339.compare,
  });
}

/** The JSON pointer of the first number that is not finite in coerced text, or undefined. */
function nonFinite(value: unknown, at: string): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : at;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = nonFinite(inner, `${at}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Text too large for a double ("1e309", or "Infinity") is coerced to Infinity, and ajv applies no
 * minimum or maximum to a number that is not finite: `?limit=1e309` passed `maximum: 100` and
 * reached the database as LIMIT Infinity (a 500 on the public event list). A JSON body cannot
 * carry one past its validator (its integers are checked as sent), so only coerced text is looked at.
 */
function finiteOnly(validate: ValidateFunction): ValidateFunction {
  const checked = ((data: unknown) => {
    if (!validate(data)) {
      checked.errors = validate.errors;
      return false;
    }
    const at = nonFinite(data, '');
    checked.errors =
      at === undefined
        ? null
        : [{ instancePath: at, schemaPath: '#', keyword: 'type', params: {}, message: 'must be a finite number' }];
    return at === undefined;
  }) as ValidateFunction;
  checked.schema = validate.schema;
  return checked;
}

function validator(options: Options): Ajv {
  const ajv = new Ajv(options);
  addFormats(ajv);
  readableDateTimes(ajv);
  return ajv;
}

/** Fastify's validator compiler: the body's validator for bodies, the coercing one for the rest. */
export function requestValidatorCompiler(): (route: { schema: unknown; httpPart?: string }) => ValidateFunction {
  const body = validator(BODY_VALIDATOR_OPTIONS);
  const text = validator(TEXT_VALIDATOR_OPTIONS);
  const compile = (ajv: Ajv, schema: unknown): ValidateFunction => {
    // One instance cannot compile two schemas with the same $id: a schema met again is reused.
    const id = (schema as { $id?: unknown }).$id;
    if (typeof id === 'string') {
      const stored = ajv.getSchema(id);
      if (stored !== undefined) return stored;
    }
    return ajv.compile(schema as object);
  };
  return ({ schema, httpPart }) => (httpPart === 'body' ? compile(body, schema) : finiteOnly(compile(text, schema)));
}
