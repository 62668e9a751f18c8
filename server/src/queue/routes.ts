/**
 * The waiting room: /api/queue/challenge (the proof-of-work puzzle), /api/events/:id/queue (join,
 * my place) and /api/events/:id/queue/stats (the event's staff).
 */
import { QueueChallengeSchema, QueueJoinRequestSchema, QueuePlaceSchema, QueueStatsSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireVerifiedEmail } from '../accounts/verified-email.js';
import { requireAccessTo } from '../organizers/records.js';
import { currentUser, requireUser } from '../security/auth.js';
import type { QueueRoom } from './room.js';
import { queueStats } from './stats.js';

const tags = ['queue'];
const Id = Type.String({ maxLength: 100 });

export interface QueueRouteOptions {
  room: QueueRoom;
}

export const queueRoutes: FastifyPluginAsyncTypebox<QueueRouteOptions> = (app, { room }) => {
  app.get(
    '/queue/challenge',
    {
      config: { caller: false },
      schema: {
        tags,
        summary: 'A proof-of-work puzzle to solve before joining a waiting room',
        response: { 200: QueueChallengeSchema },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(room.challenge()),
  );

  app.post(
    '/events/:id/queue',
    {
      onRequest: [requireUser, requireVerifiedEmail],
      schema: {
        tags,
        summary: "Join an event's waiting room with a solved challenge (201 new place, 200 the place already held)",
        params: Type.Object({ id: Id }),
        body: QueueJoinRequestSchema,
        response: { 200: QueuePlaceSchema, 201: QueuePlaceSchema },
      },
    },
    async (request, reply) => {
      const { place, created } = await room.join(request.params.id, currentUser(request).id, request.body);
      return reply.code(created ? 201 : 200).send(place);
    },
  );

  app.get(
    '/events/:id/queue',
    {
      onRequest: requireUser,
      schema: {
        tags,
        summary: "My place in an event's waiting room, with my pass once admitted",
        params: Type.Object({ id: Id }),
        response: { 200: QueuePlaceSchema },
      },
    },
    async (request, reply) =>
      reply.header('cache-control', 'no-store').send(await room.placeOf(request.params.id, currentUser(request).id)),
  );

  app.get(
    '/events/:id/queue/stats',
    {
      onRequest: requireUser,
      schema: {
        tags,
        summary: "The waiting room's live numbers for the event's staff",
        params: Type.Object({ id: Id }),
        response: { 200: QueueStatsSchema },
      },
    },
    async (request) => {
      await requireAccessTo(request, 'event', request.params.id, 'manager', 'reservations:read');
      return queueStats(room, request.params.id);
    },
  );
  return Promise.resolve();
};
