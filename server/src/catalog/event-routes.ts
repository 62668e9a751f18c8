/** /api/events: the public catalog (cached) and the admin's event management. */
import {
  CATALOG_LIMITS,
  EventCancellationSchema,
  EventInputSchema,
  EventListQuerySchema,
  EventPatchSchema,
  EventSchema,
  EventSeatSchema,
  pageSchema,
  type EventListQuery,
} from '@iatichet/contracts';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { acceptsGzip, type EncodedAnswer } from '../platform/compression.js';
import { createCursorCodec } from '../platform/cursor.js';
import { download, fileResponse, fileStem } from '../platform/downloads.js';
import { currentUser, requireAdmin } from '../security/auth.js';
import { errors } from '../platform/errors.js';
import { callerOf, organizersInScope, requireOrganizerRole } from '../organizers/access.js';
import { findVenue } from './venues.js';
import { eventCalendar } from './calendar.js';
import type { CatalogCache } from './catalog-cache.js';
import { getEvent, getSeats, listEvents } from './event-queries.js';
import { createEvent, deleteEvent, setEventStatus, setPoster, updateEvent } from './events.js';
import { readPosterFile } from './poster-upload.js';
import { storePoster } from './posters.js';
import type { PaymentProvider } from '../payments/provider.js';
import { cancelEventReservations } from '../reservations/event-cancellation.js';
import { notifyIfRescheduled } from '../notifications/event-changes.js';

const tags = ['events'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const isAdmin = (request: FastifyRequest) => request.auth?.user.role === 'admin';

/** Site admins, and API tokens (judged by organizer and scope in the handler). */
function requireAdminOrToken(request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
  if (request.auth?.apiToken !== undefined) done();
  else requireAdmin(request, reply, done);
}
const JSON_TYPE = 'application/json; charset=utf-8';

/** A cached answer as it is (no second serialization), gzipped when it is large and the client accepts that. */
function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: EncodedAnswer): void {
  void reply.type(JSON_TYPE);
  if (answer.compressible) {
    const vary = reply.getHeader('vary');
    void reply.header('vary', vary === undefined ? 'Accept-Encoding' : `${String(vary)}, Accept-Encoding`);
    const gzipped = acceptsGzip(request.headers['accept-encoding']) ? answer.gzip() : undefined;
    if (gzipped !== undefined) {
      void reply.header('content-encoding', 'gzip').send(gzipped);
      return;
    }
  }
  void reply.send(answer.body);
}

/**
 * A fresh local copy is sent at once, with no promise on the path most catalog reads take;
 * otherwise the load (or the shared cache) answers later.
 */
function sendCached(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: CatalogCache,
  key: string,
  load: () => Promise<unknown>,
): Promise<void> | undefined {
  const fresh = cache.peek(key);
  if (fresh !== undefined) {
    sendAnswer(request, reply, fresh);
    return undefined;
  }
  return cache.getOrLoad(key, load).then((answer) => sendAnswer(request, reply, answer));
}

export const eventRoutes: FastifyPluginAsyncTypebox<{
  catalogCache: CatalogCache;
  cursorSecret: string;
  provider: PaymentProvider;
}> = async (app, { catalogCache, cursorSecret, provider }) => {
  const db = app.services.database.db;
  const cursors = createCursorCodec(cursorSecret);

  /** A token with events:read lists its organizer's events, drafts included; without it, 403. */
  const listEventsForToken = async (request: FastifyRequest, query: EventListQuery) => {
    const organizerIds = await organizersInScope(db, callerOf(request), 'manager', 'events:read');
    if (organizerIds === 'all' || organizerIds.length === 0) throw errors.forbidden();
    return listEvents(db, cursors, query, true, organizerIds);
  };

  /** A token makes events only at its organizer's venues (another's: 404) and with events:write (else 403). */
  const requireVenueForToken = async (request: FastifyRequest, venueId: string) => {
    const venue = await findVenue(db, venueId);
    if (venue === undefined) throw errors.notFound('venue');
    await requireOrganizerRole(db, callerOf(request), venue.organizer_id, 'manager', { what: 'venue', scope: 'events:write' });
  };

  app.get(
    '/',
    {
      config: { apiToken: true },
      schema: {
        tags,
        summary: 'Published events, filtered, sorted and paged',
        querystring: EventListQuerySchema,
        response: { 200: pageSchema(EventSchema) },
      },
    },
    (request, reply) => {
      if (request.auth?.apiToken !== undefined) return listEventsForToken(request, request.query);
      if (isAdmin(request)) return listEvents(db, cursors, request.query, true);
      // The query string as sent, already validated: the same search asked the same way is one
      // entry (asked with its parameters in another order, it is a second entry for the same answer).
      const at = request.url.indexOf('?');
      const key = at < 0 ? 'list:' : `list:${request.url.slice(at + 1)}`;
      return sendCached(request, reply, catalogCache, key, () => listEvents(db, cursors, request.query, false));
    },
  );

  app.get(
    '/:id',
    {
      // Open to tokens as to anyone: the published event (a token sees no drafts here yet).
      config: { apiToken: true },
      schema: { tags, summary: 'One event with live remaining per ticket type', params: Params, response: { 200: EventSchema } },
    },
    (request, reply) => {
      if (isAdmin(request)) return getEvent(db, request.params.id, true);
      return sendCached(request, reply, catalogCache, `event:${request.params.id}`, () => getEvent(db, request.params.id, false));
    },
  );

  app.get(
    '/:id/calendar.ics',
    {
      schema: {
        tags,
        summary: 'The event as an iCalendar file (RFC 5545): one VEVENT at the venue time, with its VTIMEZONE',
        params: Params,
        response: fileResponse('text/calendar'),
      },
    },
    async (request, reply) => {
      const event = await getEvent(db, request.params.id, false);
      const text = eventCalendar(
        { ...event, venue: { name: event.venue.name, address: event.venue.address, city: event.venue.city } },
        app.services.config.publicUrl,
      );
      return download(reply, 'text/calendar; charset=utf-8', `${fileStem(event.title)}.ics`).send(text);
    },
  );

  app.get(
    '/:id/seats',
    {
      schema: {
        tags,
        summary: 'Reserved seating: every seat and its status',
        params: Params,
        response: { 200: Type.Object({ seats: Type.Array(EventSeatSchema) }) },
      },
    },
    (request, reply) => {
      if (isAdmin(request)) return getSeats(db, request.params.id, true).then((seats) => ({ seats }));
      return sendCached(request, reply, catalogCache, `seats:${request.params.id}`, async () => ({
        seats: await getSeats(db, request.params.id, false),
      }));
    },
  );

  app.post(
    '/',
    {
      onRequest: requireAdminOrToken,
      config: { apiToken: true },
      schema: { tags, summary: 'Create an event (draft)', body: EventInputSchema, response: { 201: EventSchema } },
    },
    async (request, reply) => {
      const token = request.auth?.apiToken;
      if (token !== undefined) await requireVenueForToken(request, request.body.venueId);
      const id = await createEvent(db, currentUser(request).id, request.body, token?.id);
      return reply.code(201).send(await getEvent(db, id, true));
    },
  );

  app.patch(
    '/:id',
    {
      onRequest: requireAdmin,
      schema: { tags, summary: 'Change an event', params: Params, body: EventPatchSchema, response: { 200: EventSchema } },
    },
    async (request) => {
      const before = await getEvent(db, request.params.id, true);
      await updateEvent(db, currentUser(request).id, request.params.id, request.body);
      await catalogCache.invalidate();
      const after = await getEvent(db, request.params.id, true);
      await notifyIfRescheduled(db, before, after);
      app.services.announce.availabilityChanged(after.id);
      return after;
    },
  );

  app.post(
    '/:id/publish',
    {
      onRequest: requireAdmin,
      schema: { tags, summary: 'Publish a draft', params: Params, response: { 200: EventSchema } },
    },
    async (request) => {
      await setEventStatus(db, currentUser(request).id, request.params.id, 'published');
      await catalogCache.invalidate();
      app.services.announce.availabilityChanged(request.params.id);
      return getEvent(db, request.params.id, true);
    },
  );

  app.post(
    '/:id/cancel',
    {
      onRequest: requireAdmin,
      schema: {
        tags,
        summary: 'Cancel the event: its reservations are cancelled and paid ones refunded',
        params: Params,
        response: { 200: EventCancellationSchema },
      },
    },
    async (request) => {
      const actorId = currentUser(request).id;
      await setEventStatus(db, actorId, request.params.id, 'cancelled');
      const refunds = { db, provider, attempts: app.services.metrics.refundAttempts };
      const cancellation = await cancelEventReservations(refunds, request.params.id, actorId).finally(async () => {
        await catalogCache.invalidate();
        app.services.announce.availabilityChanged(request.params.id);
      });
      return { ...(await getEvent(db, request.params.id, true)), cancellation };
    },
  );

  app.delete(
    '/:id',
    {
      onRequest: requireAdmin,
      schema: { tags, summary: 'Delete a draft with no reservations', params: Params, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await deleteEvent(db, currentUser(request).id, request.params.id);
      await catalogCache.invalidate();
      return reply.code(204).send(null);
    },
  );

  // Multipart parsing only where a file is uploaded: its hooks (two per request) stay off the
  // catalog's reads, and a multipart body sent anywhere else is refused as an unsupported type.
  await app.register(async (scope) => {
    const uploads = scope.withTypeProvider<TypeBoxTypeProvider>();
    await uploads.register(multipart, { limits: { fileSize: CATALOG_LIMITS.posterBytesMax, files: 1, fields: 5, parts: 6 } });
    uploads.post(
      '/:id/poster',
      {
        onRequest: requireAdmin,
        schema: {
          tags,
          summary: 'Upload a poster (multipart field "file": JPEG, PNG or WebP, at most 5 MB)',
          params: Params,
          response: { 200: EventSchema },
        },
      },
      async (request) => {
        await getEvent(db, request.params.id, true);
        const bytes = await readPosterFile(request);
        const key = await storePoster(app.services.uploads, bytes);
        await setPoster(db, currentUser(request).id, request.params.id, key);
        await catalogCache.invalidate();
        return getEvent(db, request.params.id, true);
      },
    );
  });
};
