import { Type, type Static } from 'typebox';
import { ERROR_CODES, type ErrorCode } from './errors.js';

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
