/** API tokens (API.md "Organizers, teams, API tokens, webhooks"): what a token may do and how it is shown. */
import { Type, type Static } from 'typebox';
import { OrNull } from './schemas.js';

export const API_TOKEN_SCOPES = ['events:read', 'events:write', 'reservations:read', 'reservations:write', 'checkin'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The prefix of every token's secret, so that a leaked one is recognisable (e.g. by secret scanners). */
export const API_TOKEN_PREFIX = 'iat_';

const Scope = Type.Unsafe<ApiTokenScope>({ type: 'string', enum: [...API_TOKEN_SCOPES] });
const Scopes = Type.Array(Scope, { minItems: 1, maxItems: API_TOKEN_SCOPES.length, uniqueItems: true });

export const ApiTokenInputSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
    scopes: Scopes,
  },
  { additionalProperties: false },
);
export type ApiTokenInput = Static<typeof ApiTokenInputSchema>;

/** A token as listed: never its secret, nor the hash of it. */
export const ApiTokenSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Scope),
    createdAt: Type.String({ format: 'date-time' }),
    createdBy: Type.Union([Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }), Type.Null()]),
    lastUsedAt: OrNull(Type.String({ format: 'date-time' })),
    revokedAt: OrNull(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type ApiToken = Static<typeof ApiTokenSchema>;

/** The answer to a creation: the only time the secret is ever shown. */
export const ApiTokenCreatedSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    scopes: Type.Array(Scope),
    token: Type.String(),
  },
  { additionalProperties: false },
);
export type ApiTokenCreated = Static<typeof ApiTokenCreatedSchema>;

/** GET /api/organizers/:id/tokens: newest first, a page at a time. */
export const ApiTokenListQuerySchema = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type ApiTokenListQuery = Static<typeof ApiTokenListQuerySchema>;
