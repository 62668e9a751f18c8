/**
 * /api/organizers/:id/webhooks (API.md "Organizers, teams, API tokens, webhooks"): owners of the
 * organizer (and site admins) only; closed to API tokens. Another organizer's hook answers 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { OrNull } from '@iatichet/contracts';
import { callerOf, requireOrganizerRole } from '../organizers/access.js';
import { createCursorCodec } from '../platform/cursor.js';
import type { Resolver } from './address-guard.js';
import { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, redeliver, updateWebhook } from './hooks.js';
import { WEBHOOK_EVENT_TYPES } from './outbox.js';

const tags = ['webhooks'];
const Id = Type.String({ minLength: 1, maxLength: 100 });
const OrganizerParams = Type.Object({ id: Id });
const HookParams = Type.Object({ id: Id, hookId: Id });
const DeliveryParams = Type.Object({ id: Id, hookId: Id, deliveryId: Id });

const EventType = Type.Enum(WEBHOOK_EVENT_TYPES);
const Events = Type.Array(EventType, { minItems: 1, maxItems: WEBHOOK_EVENT_TYPES.length * 2 });
const Url = Type.String({ minLength: 1, maxLength: 2000 });

const WebhookSchema = Type.Object({
  id: Type.String(),
  url: Type.String(),
  events: Type.Array(EventType),
  enabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const CreatedWebhookSchema = Type.Object({
  ...WebhookSchema.properties,
  secret: Type.String({ description: 'Signs every delivery; shown only in this answer.' }),
});
const DeliveryStatus = Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]);
const DeliverySchema = Type.Object({
  id: Type.String({ description: 'The payload id, the same on every attempt and redelivery.' }),
  type: Type.String(),
  status: DeliveryStatus,
  attempts: Type.Integer(),
  lastStatusCode: OrNull(Type.Integer()),
  lastResponseExcerpt: OrNull(Type.String()),
  lastError: OrNull(Type.String()),
  nextAttemptAt: OrNull(Type.String({ format: 'date-time' })),
  lastAttemptAt: OrNull(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: OrNull(Type.String({ format: 'date-time' })),
});

export const webhookRoutes: FastifyPluginAsyncTypebox<{ cursorSecret: string; resolve: Resolver }> = (
  app,
  { cursorSecret, resolve },
) => {
  const db = app.services.database.db;
  const policy = { allowPrivate: app.services.config.webhookAllowPrivate, resolve };
  const cursors = createCursorCodec(cursorSecret);
  /** The caller, once they are an owner of the organizer (404 outside it, 403 below owner or as a token). */
  const owner = async (request: FastifyRequest, organizerId: string) => {
    const caller = callerOf(request);
    await requireOrganizerRole(db, caller, organizerId, 'owner', { what: 'organizer' });
    return { id: caller.id, ip: request.ip };
  };

  app.post(
    '/:id/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to event types (the signing secret is shown only here)',
        params: OrganizerParams,
        body: Type.Object({ url: Url, events: Events }, { additionalProperties: false }),
        response: { 201: CreatedWebhookSchema },
      },
    },
    async (request, reply) => {
      const actor = await owner(request, request.params.id);
      // The secret is shown in this answer only: kept by no cache (as a new API token's).
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send(await createWebhook(db, policy, actor, request.params.id, request.body));
    },
  );

  app.get(
    '/:id/webhooks',
    {
      schema: {
        tags,
        summary: "The organizer's webhooks",
        params: OrganizerParams,
        response: { 200: Type.Object({ items: Type.Array(WebhookSchema), nextCursor: Type.Null() }) },
      },
    },
    async (request) => {
      await owner(request, request.params.id);
      return { items: await listWebhooks(db, request.params.id), nextCursor: null };
    },
  );

  app.get(
    '/:id/webhooks/:hookId',
    { schema: { tags, summary: 'One webhook', params: HookParams, response: { 200: WebhookSchema } } },
    async (request) => {
      await owner(request, request.params.id);
      return getWebhook(db, request.params.id, request.params.hookId);
    },
  );

  app.patch(
    '/:id/webhooks/:hookId',
    {
      schema: {
        tags,
        summary: 'Change the URL, the event types, or pause and resume a webhook',
        params: HookParams,
        body: Type.Object(
          { url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: WebhookSchema },
      },
    },
    async (request) => {
      const actor = await owner(request, request.params.id);
      return updateWebhook(db, policy, actor, request.params.id, request.params.hookId, request.body);
    },
  );

  app.delete(
    '/:id/webhooks/:hookId',
    { schema: { tags, summary: 'Delete a webhook and its delivery log', params: HookParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const actor = await owner(request, request.params.id);
      await deleteWebhook(db, actor, request.params.id, request.params.hookId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:id/webhooks/:hookId/deliveries',
    {
      schema: {
        tags,
        summary: "The webhook's deliveries, newest first: status, attempts, the last answer's code and an excerpt",
        params: HookParams,
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
            cursor: Type.Optional(Type.String({ maxLength: 500 })),
            status: Type.Optional(DeliveryStatus),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DeliverySchema), nextCursor: OrNull(Type.String()) }) },
      },
    },
    async (request) => {
      await owner(request, request.params.id);
      return listDeliveries(db, cursors, request.params.id, request.params.hookId, request.query);
    },
  );

  app.post(
    '/:id/webhooks/:hookId/deliveries/:deliveryId/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a delivery again, with the same id',
        params: DeliveryParams,
        response: { 202: DeliverySchema },
      },
    },
    async (request, reply) => {
      const actor = await owner(request, request.params.id);
      const { id, hookId, deliveryId } = request.params;
      return reply.code(202).send(await redeliver(db, actor, id, hookId, deliveryId));
    },
  );
  return Promise.resolve();
};
