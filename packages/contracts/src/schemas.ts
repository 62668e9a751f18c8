import { Type, type Static, type TSchema } from 'typebox';
import { ERROR_CODES, type ErrorCode } from './errors.js';

/**
 * `schema` (a string, integer, number or boolean schema) or null, written as one type list rather
 * than a union. The server's validator coerces types (query strings arrive as text) and, in a
 * union, coerces the value into the first member that takes it: "integer or null" turned a null
 * into 0, "null or integer" a 0 into null. A value whose type is in the list is never coerced.
 */
export function OrNull<T extends TSchema>(schema: T) {
  const { type, enum: values, ...rest } = schema as unknown as { type?: unknown; enum?: unknown[] };
  if (typeof type !== 'string') throw new Error('OrNull takes a string, integer, number or boolean schema');
  return Type.Unsafe<Static<T> | null>({
    ...rest,
    type: [type, 'null'],
    ...(values === undefined ? {} : { enum: [...values, null] }),
  });
}

/** JSON Schema of the problem+json error body, shared by every route's error answers. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.Unsafe<ErrorCode>({ type: 'string', enum: [...ERROR_CODES] }),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', additionalProperties: true },
);
export type ProblemBody = Static<typeof ProblemSchema>;

export const HealthSchema = Type.Object({ status: Type.Literal('ok') });

export const ReadinessSchema = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('degraded'), Type.Literal('unavailable')]),
  checks: Type.Object({
    database: Type.Union([Type.Literal('ok'), Type.Literal('down')]),
    redis: Type.Union([Type.Literal('ok'), Type.Literal('down'), Type.Literal('disabled')]),
  }),
});
export type Readiness = Static<typeof ReadinessSchema>;

/** Limits both sides enforce. */
export const LIMITS = {
  listDefault: 20,
  listMax: 100,
  bodyBytes: 1024 * 1024,
} as const;
