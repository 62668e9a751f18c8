/**
 * /api/organizers/:id/tokens: an organizer's API tokens, managed by its owners and site admins
 * (people only: no scope opens these routes to a token). Another organizer's id answers 404.
 * The routes take tokens only so that the organizer gate answers them as it answers people:
 * 404 for another organizer, 403 for their own (no scope grants token management).
 */
import {
  ApiTokenCreatedSchema,
  ApiTokenInputSchema,
  ApiTokenListQuerySchema,
  ApiTokenSchema,
  pageSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createCursorCodec } from '../platform/cursor.js';
import { requireUser } from '../security/auth.js';
import { callerOf, requireOrganizerRole } from './access.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.js';

const tags = ['organizers'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const config = { apiToken: true };
const TokenParams = Type.Object({ id: Type.String({ maxLength: 100 }), tokenId: Type.String({ maxLength: 100 }) });

export const apiTokenRoutes: FastifyPluginAsyncTypebox<{ cursorSecret: string }> = (app, { cursorSecret }) => {
  const db = app.services.database.db;
  const cursors = createCursorCodec(cursorSecret);
  app.addHook('onRequest', requireUser);

  app.post(
    '/:id/tokens',
    {
      config,
      schema: {
        tags,
        summary: 'Make an API token (owner or site admin); its secret is in this answer only',
        params: Params,
        body: ApiTokenInputSchema,
        response: { 201: ApiTokenCreatedSchema },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await requireOrganizerRole(db, caller, request.params.id, 'owner');
      const created = await createApiToken(db, caller.id, request.params.id, request.body);
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get(
    '/:id/tokens',
    {
      config,
      schema: {
        tags,
        summary: "The organizer's API tokens, revoked ones included (never their secrets), newest first, a page at a time",
        params: Params,
        querystring: ApiTokenListQuerySchema,
        response: { 200: pageSchema(ApiTokenSchema) },
      },
    },
    async (request) => {
      await requireOrganizerRole(db, callerOf(request), request.params.id, 'owner');
      return listApiTokens(db, cursors, request.params.id, request.query);
    },
  );

  app.delete(
    '/:id/tokens/:tokenId',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke an API token: its next request is refused',
        params: TokenParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      await requireOrganizerRole(db, caller, request.params.id, 'owner');
      await revokeApiToken(db, caller.id, request.params.id, request.params.tokenId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
