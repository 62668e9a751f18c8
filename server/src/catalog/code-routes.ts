/**
 * /api/events/:id/codes: an event's discount and access codes, for the managers of its organizer
 * (API tokens: `events:read` to read, `events:write` to change). Another organizer's event answers
 * 404 (organizers/records.ts).
 */
import {
  CodeGenerateSchema,
  CodeInputSchema,
  CodeListQuerySchema,
  CodePatchSchema,
  CodeSchema,
  pageSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { callerOf } from '../organizers/access.js';
import { requireAccessTo, requireTeam } from '../organizers/records.js';
import { createCursorCodec } from '../platform/cursor.js';
import { download, fileResponse, fileStem } from '../platform/downloads.js';
import { acceptApiTokens } from '../security/bearer-auth.js';
import { csvCell } from '../tickets/attendee-exports.js';
import { codesCsv } from './code-csv.js';
import { createCode, deleteCode, generateCodes, listCodePage, listCodes, updateCode } from './codes.js';

const tags = ['codes'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const CodeParams = Type.Object({ id: Type.String({ maxLength: 100 }), codeId: Type.String({ maxLength: 100 }) });

export const codeRoutes: FastifyPluginAsyncTypebox<{ cursorSecret: string }> = (app, { cursorSecret }) => {
  acceptApiTokens(app);
  const db = app.services.database.db;
  const cursors = createCursorCodec(cursorSecret);
  const requireManager = requireTeam('manager');
  const writer = async (request: FastifyRequest, eventId: string) => {
    const { organizerId } = await requireAccessTo(request, 'event', eventId, 'manager', 'events:write');
    return { id: callerOf(request).id, organizerId };
  };

  app.get(
    '/:id/codes',
    {
      onRequest: requireManager,
      schema: {
        tags,
        summary: "The event's codes with their uses, newest first, a page at a time",
        params: Params,
        querystring: CodeListQuerySchema,
        response: { 200: pageSchema(CodeSchema) },
      },
    },
    async (request) => {
      await requireAccessTo(request, 'event', request.params.id, 'manager', 'events:read');
      return listCodePage(db, cursors, request.params.id, request.query);
    },
  );

  app.get(
    '/:id/codes.csv',
    {
      onRequest: requireManager,
      schema: { tags, summary: 'The codes as CSV, with their uses', params: Params, response: fileResponse('text/csv') },
    },
    async (request, reply) => {
      await requireAccessTo(request, 'event', request.params.id, 'manager', 'events:read');
      const event = await db.selectFrom('events').select('title').where('id', '=', request.params.id).executeTakeFirstOrThrow();
      const csv = codesCsv(await listCodes(db, request.params.id), csvCell);
      return download(reply, 'text/csv; charset=utf-8', `${fileStem(event.title)}-codes.csv`).send(csv);
    },
  );

  app.post(
    '/:id/codes',
    {
      onRequest: requireManager,
      schema: { tags, summary: 'Create a code', params: Params, body: CodeInputSchema, response: { 201: CodeSchema } },
    },
    async (request, reply) => {
      const actor = await writer(request, request.params.id);
      return reply.code(201).send(await createCode(db, actor, request.params.id, request.body));
    },
  );

  app.post(
    '/:id/codes/generate',
    {
      onRequest: requireManager,
      schema: {
        tags,
        summary: 'Generate up to 1,000 unique codes with the same terms',
        params: Params,
        body: CodeGenerateSchema,
        response: { 201: Type.Object({ items: Type.Array(CodeSchema) }) },
      },
    },
    async (request, reply) => {
      const actor = await writer(request, request.params.id);
      return reply.code(201).send({ items: await generateCodes(db, actor, request.params.id, request.body) });
    },
  );

  app.patch(
    '/:id/codes/:codeId',
    {
      onRequest: requireManager,
      schema: { tags, summary: 'Change a code', params: CodeParams, body: CodePatchSchema, response: { 200: CodeSchema } },
    },
    async (request) => {
      const actor = await writer(request, request.params.id);
      return updateCode(db, actor, request.params.id, request.params.codeId, request.body);
    },
  );

  app.delete(
    '/:id/codes/:codeId',
    {
      onRequest: requireManager,
      schema: { tags, summary: 'Delete a code no reservation used', params: CodeParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const actor = await writer(request, request.params.id);
      await deleteCode(db, actor, request.params.id, request.params.codeId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
