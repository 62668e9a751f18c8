/**
 * /api/events/:id/questions: what an event asks its buyers. Reading is public for an event the
 * catalogue shows (a draft's questions only to its team, else 404); writing is for site admins
 * and the managers of the event's organizer (API tokens: events:read / events:write).
 */
import {
  QuestionInputSchema,
  QuestionListQuerySchema,
  QuestionOrderSchema,
  QuestionPatchSchema,
  QuestionSchema,
  type Question,
  type QuestionListQuery,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { callerOf } from '../organizers/access.js';
import { requireAccessTo, requireTeam } from '../organizers/records.js';
import { errors } from '../platform/errors.js';
import { acceptApiTokens } from '../security/bearer-auth.js';
import {
  createQuestion,
  deleteQuestion,
  listQuestions,
  reorderQuestions,
  toQuestion,
  updateQuestion,
  type Actor,
} from './questions.js';

/** The hidden types this caller may not be told of (catalog/withheld-types.ts, passed in by api.ts). */
export type WithheldTypes = (request: FastifyRequest, eventId: string, by: QuestionListQuery) => Promise<ReadonlySet<string>>;

const tags = ['events'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const QuestionParams = Type.Object({ id: Type.String({ maxLength: 100 }), questionId: Type.String({ maxLength: 100 }) });
const QuestionList = Type.Array(QuestionSchema);

async function writer(request: FastifyRequest, eventId: string): Promise<Actor> {
  const { organizerId } = await requireAccessTo(request, 'event', eventId, 'manager', 'events:write');
  return { id: callerOf(request).id, ip: request.ip, organizerId };
}

/** The question as a buyer may read it: only the types they can see, or nothing when it asks none of those. */
function shownTo(question: Question, hidden: ReadonlySet<string>): Question | undefined {
  if (question.ticketTypeIds.length === 0) return question;
  const ticketTypeIds = question.ticketTypeIds.filter((id) => !hidden.has(id));
  return ticketTypeIds.length === 0 ? undefined : { ...question, ticketTypeIds };
}

export const questionRoutes: FastifyPluginAsyncTypebox<{ withheldTypes: WithheldTypes }> = (app, { withheldTypes }) => {
  acceptApiTokens(app);
  const db = app.services.database.db;
  const requireManager = requireTeam('manager');

  app.get(
    '/:id/questions',
    {
      schema: {
        tags,
        summary:
          "The event's questions, in form order (outside its team: those of the types the caller can see; `?code=` or `?reservation=` adds the hidden types they unlock or hold)",
        params: Params,
        querystring: QuestionListQuerySchema,
        response: { 200: QuestionList },
      },
    },
    async (request) => {
      const { id } = request.params;
      const event = await db.selectFrom('events').select('status').where('id', '=', id).executeTakeFirst();
      if (event === undefined) throw errors.notFound('event');
      // A draft is its team's alone; anyone else gets the 404 of no event, so ids cannot be probed.
      if (event.status === 'draft') {
        if (request.auth === null) throw errors.notFound('event');
        await requireAccessTo(request, 'event', id, 'manager', 'events:read');
      }
      const questions = (await listQuestions(db, id)).map(toQuestion);
      const team =
        request.auth !== null &&
        (await requireAccessTo(request, 'event', id, 'manager', 'events:read').then(
          () => true,
          () => false,
        ));
      if (team) return questions;
      const withheld = await withheldTypes(request, id, request.query);
      return questions.flatMap((q) => shownTo(q, withheld) ?? []);
    },
  );

  app.post(
    '/:id/questions',
    {
      onRequest: requireManager,
      schema: {
        tags,
        summary: 'Add a question (last in the form)',
        params: Params,
        body: QuestionInputSchema,
        response: { 201: QuestionSchema },
      },
    },
    async (request, reply) => {
      const actor = await writer(request, request.params.id);
      return reply.code(201).send(await createQuestion(db, actor, request.params.id, request.body));
    },
  );

  app.put(
    '/:id/questions/order',
    {
      onRequest: requireManager,
      schema: {
        tags,
        summary: 'Reorder: every live question of the event, once each, in the new order',
        params: Params,
        body: QuestionOrderSchema,
        response: { 200: QuestionList },
      },
    },
    async (request) =>
      reorderQuestions(db, await writer(request, request.params.id), request.params.id, request.body.questionIds),
  );

  app.patch(
    '/:id/questions/:questionId',
    {
      onRequest: requireManager,
      schema: {
        tags,
        summary: 'Change a question',
        params: QuestionParams,
        body: QuestionPatchSchema,
        response: { 200: QuestionSchema },
      },
    },
    async (request) =>
      updateQuestion(db, await writer(request, request.params.id), request.params.id, request.params.questionId, request.body),
  );

  app.delete(
    '/:id/questions/:questionId',
    {
      onRequest: requireManager,
      schema: {
        tags,
        summary: 'Delete a question: it is no longer asked; answers already given stay in the admin view and exports',
        params: QuestionParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteQuestion(db, await writer(request, request.params.id), request.params.id, request.params.questionId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
