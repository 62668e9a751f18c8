/**
 * /api/events: the public catalog (cached) and event management, by site admins and the managers
 * of the event's organizer (another organizer's event answers 404; organizers/records.ts).
 */
import {
  CATALOG_LIMITS,
  EventCancellationSchema,
  EventCodeQuerySchema,
  EventInputSchema,
  EventListQuerySchema,
  EventPatchSchema,
  EventSchema,
  EventSeatsQuerySchema,
  EventSeatsSchema,
  LayoutSchema,
  pageSchema,
} from '@iatichet/contracts';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { organizerOfRecord } from '../audit/record-organizer.js';
import { errors } from '../platform/errors.js';
import { createCursorCodec } from '../platform/cursor.js';
import { download, fileResponse, fileStem } from '../platform/downloads.js';
import { callerOf, organizersInScope } from '../organizers/access.js';
import { requireAccessTo, requireTeam } from '../organizers/records.js';
import { eventCalendar } from './calendar.js';
import type { CatalogCache } from './catalog-cache.js';
import { sendCached } from './cached-answer.js';
import { getEvent, listEvents } from './event-queries.js';
import { getEventLayout, getSeats, sinceThreshold } from './seat-map.js';
import { createEvent, deleteEvent, setEventStatus, setPoster, updateEvent } from './events.js';
import { readPosterFile } from './poster-upload.js';
import { storePoster } from './posters.js';
import type { PaymentProvider } from '../payments/provider.js';
import { cancelEventReservations } from '../reservations/event-cancellation.js';
import { notifyIfRescheduled } from '../notifications/event-changes.js';
import { acceptApiTokens } from '../security/bearer-auth.js';
import { codeInvalid, findCode, isUsable } from '../reservations/code-uses.js';
import { guardCodeTry } from '../reservations/code-guesses.js';
import type { AttemptLimiter } from '../security/attempt-limiter.js';

const tags = ['events'];
/** How long past its second a whole seat map may still be sent while it reloads. */
const STALE_MAP_MS = 2000;
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
/** A site admin signed in with a session (a token's user is never 'admin'). */
const isAdmin = (request: FastifyRequest) => request.auth?.user.role === 'admin';
const requireManager = requireTeam('manager');

/** The list query in one canonical spelling: parameters in name order, values as validated. */
const listKey = (query: object) =>
  new URLSearchParams(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]): [string, string] => [name, String(value)]),
  ).toString();

const requireEventWrite = (request: FastifyRequest, id: string) =>
  requireAccessTo(request, 'event', id, 'manager', 'events:write');

/**
 * The organizer of a venue the caller may put events in. An unknown venue is left to createEvent
 * and updateEvent (400 on /venueId, as before organizers); another organizer's venue is 404.
 */
async function usableVenue(request: FastifyRequest, venueId: string): Promise<string | undefined> {
  // A site admin sees every venue, so an unknown one is a mistake in the input (400 from
  // createEvent); anyone else gets the 404 that another organizer's venue gets, so ids cannot be probed.
  const caller = callerOf(request);
  const siteAdmin = caller.token === undefined && caller.role === 'admin';
  if (siteAdmin && (await organizerOfRecord(request.server.services.database.db, 'venue', venueId)) === undefined)
    return undefined;
  return (await requireAccessTo(request, 'venue', venueId, 'manager', 'events:write')).organizerId;
}

/**
 * After the public answer was 404 (a draft): the same record for a manager of its organizer, else
 * that 404 as it was, so a draft of another organizer cannot be told from no event.
 */
const asTeam =
  <T>(request: FastifyRequest & { params: { id: string } }, read: () => Promise<T>) =>
  async (err: unknown): Promise<T> => {
    await requireAccessTo(request, 'event', request.params.id, 'manager', 'events:read').catch(() => {
      throw err;
    });
    return read();
  };

export const eventRoutes: FastifyPluginAsyncTypebox<{
  catalogCache: CatalogCache;
  cursorSecret: string;
  provider: PaymentProvider;
  /** Code tries per client address (reservations/code-guesses.ts). */
  codeTries: AttemptLimiter;
}> = async (app, { catalogCache, cursorSecret, provider, codeTries }) => {
  acceptApiTokens(app);
  const db = app.services.database.db;
  const cursors = createCursorCodec(cursorSecret);

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Published events, filtered, sorted and paged',
        querystring: EventListQuerySchema,
        response: { 200: pageSchema(EventSchema) },
      },
    },
    async (request, reply) => {
      if (isAdmin(request)) return listEvents(db, cursors, request.query, 'all');
      if (request.auth !== null && ((request.query.status ?? 'published') !== 'published' || request.query.mine === true)) {
        // A team's drafts and cancelled events, or (mine) all of its events: its own organizers' only.
        const scope = await organizersInScope(db, callerOf(request), 'manager', 'events:read');
        if (scope !== 'all' && scope.length === 0 && request.query.mine === true) return { items: [], nextCursor: null };
        return listEvents(db, cursors, request.query, scope === 'all' || scope.length > 0 ? scope : 'public');
      }
      if (request.query.mine === true) throw errors.unauthenticated();
      // The query as validated (numbers parsed, percent-escapes decoded), its parameters in name
      // order: the same search however it is spelt is one entry, so a caller cannot get past the
      // cache to the database by reordering it or writing limit=07 for limit=7.
      const key = `list:${listKey(request.query)}`;
      return sendCached(request, reply, catalogCache, key, () => listEvents(db, cursors, request.query, 'public'));
    },
  );

  /** GET /:id?manage=true or ?code=: read fresh for this caller, never from or into the public cache. */
  async function eventFor(request: FastifyRequest, id: string, query: { code?: string; manage?: boolean }) {
    if (query.manage === true) {
      // The event as its managers edit it, hidden types included.
      await requireAccessTo(request, 'event', id, 'manager', 'events:read');
      return getEvent(db, id, true);
    }
    // A code's answer is the buyer's own, so it can neither leak hidden types into the public
    // answer everyone else is sent nor take its prices from it.
    const worked = await guardCodeTry(codeTries, { ip: request.ip });
    const code = await findCode(db, id, query.code ?? '');
    if (code === undefined || !isUsable(code)) throw codeInvalid();
    await worked();
    return getEvent(db, id, false, { showHidden: false, code });
  }

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One event with live remaining per ticket type (`?code=`: with the types it unlocks and its prices)',
        params: Params,
        querystring: EventCodeQuerySchema,
        response: { 200: EventSchema },
      },
    },
    (request, reply) => {
      const { code, manage } = request.query;
      if (manage === true || code !== undefined) return eventFor(request, request.params.id, { code, manage });
      if (isAdmin(request)) return getEvent(db, request.params.id, true);
      const sent = sendCached(request, reply, catalogCache, `event:${request.params.id}`, () =>
        getEvent(db, request.params.id, false),
      );
      return sent === undefined || request.auth === null
        ? sent
        : sent.catch(asTeam(request, () => getEvent(db, request.params.id, true)));
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
        summary:
          'Reserved seating: every seat and its status, and the map `version`; `?since=<version>`: the seats changed since (from a margin before it; apply statuses idempotently)',
        params: Params,
        querystring: EventSeatsQuerySchema,
        response: { 200: EventSeatsSchema },
      },
    },
    (request, reply) => {
      const { id } = request.params;
      const { since } = request.query;
      if (isAdmin(request)) return getSeats(db, id, true, since);
      // Callers within the same second of each other share one answer (seat-map.ts rounds since).
      const key = since === undefined ? `seats:${id}` : `seats:${id}:since:${sinceThreshold(since)}`;
      // The whole map (3 MB for 20,000 seats) may be sent up to 2 s past its second while it reloads:
      // buyers correct it from the socket's deltas and ?since=, whose own answers are never stale.
      const sent = sendCached(request, reply, catalogCache, key, () => getSeats(db, id, false, since), {
        staleMs: since === undefined ? STALE_MAP_MS : undefined,
      });
      return sent === undefined || request.auth === null
        ? sent
        : sent.catch(asTeam(request, () => getSeats(db, id, true, since)));
    },
  );

  app.get(
    '/:id/layout',
    {
      schema: {
        tags,
        summary: "Reserved seating: the event's own copy of its layout (404 for general admission)",
        params: Params,
        response: { 200: LayoutSchema },
      },
    },
    (request, reply) => {
      const { id } = request.params;
      if (isAdmin(request)) return getEventLayout(db, id, true);
      const sent = sendCached(request, reply, catalogCache, `layout:${id}`, () => getEventLayout(db, id, false));
      return sent === undefined || request.auth === null ? sent : sent.catch(asTeam(request, () => getEventLayout(db, id, true)));
    },
  );

  app.post(
    '/',
    {
      onRequest: requireManager,
      schema: { tags, summary: 'Create an event (draft)', body: EventInputSchema, response: { 201: EventSchema } },
    },
    async (request, reply) => {
      // The event's organizer is its venue's: a venue of another organizer is not found.
      const organizerId = await usableVenue(request, request.body.venueId);
      if (organizerId !== undefined && request.body.organizerId !== undefined && request.body.organizerId !== organizerId)
        throw errors.notFound('venue');
      const id = await createEvent(db, callerOf(request).id, request.body);
      return reply.code(201).send(await getEvent(db, id, true));
    },
  );

  app.patch(
    '/:id',
    {
      onRequest: requireManager,
      schema: { tags, summary: 'Change an event', params: Params, body: EventPatchSchema, response: { 200: EventSchema } },
    },
    async (request) => {
      const { organizerId } = await requireEventWrite(request, request.params.id);
      if (request.body.venueId !== undefined) {
        // An event stays with its organizer: it may move only to another venue of the same one.
        const venueOrganizer = await usableVenue(request, request.body.venueId);
        if (venueOrganizer !== undefined && venueOrganizer !== organizerId) throw errors.notFound('venue');
      }
      const before = await getEvent(db, request.params.id, true);
      await updateEvent(db, callerOf(request).id, request.params.id, request.body);
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
      onRequest: requireManager,
      schema: { tags, summary: 'Publish a draft', params: Params, response: { 200: EventSchema } },
    },
    async (request) => {
      await requireEventWrite(request, request.params.id);
      await setEventStatus(db, callerOf(request).id, request.params.id, 'published');
      await catalogCache.invalidate();
      app.services.announce.availabilityChanged(request.params.id);
      return getEvent(db, request.params.id, true);
    },
  );

  app.post(
    '/:id/cancel',
    {
      onRequest: requireManager,
      schema: {
        tags,
        summary: 'Cancel the event: its reservations are cancelled and paid ones refunded',
        params: Params,
        response: { 200: EventCancellationSchema },
      },
    },
    async (request) => {
      await requireEventWrite(request, request.params.id);
      // Cancelling cancels and refunds every reservation of the event: a token needs the scope
      // that moves reservations and money too (a member's manager role already covers both).
      await requireAccessTo(request, 'event', request.params.id, 'manager', 'reservations:write');
      const actorId = callerOf(request).id;
      await setEventStatus(db, actorId, request.params.id, 'cancelled');
      const refunds = {
        db,
        provider,
        attempts: app.services.metrics.refundAttempts,
        invoiceTimeZone: app.services.config.defaultTimeZone,
      };
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
      onRequest: requireManager,
      schema: { tags, summary: 'Delete a draft with no reservations', params: Params, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await requireEventWrite(request, request.params.id);
      await deleteEvent(db, callerOf(request).id, request.params.id);
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
        onRequest: requireManager,
        schema: {
          tags,
          summary: 'Upload a poster (multipart field "file": JPEG, PNG or WebP, at most 5 MB)',
          params: Params,
          response: { 200: EventSchema },
        },
      },
      async (request) => {
        await requireEventWrite(request, request.params.id);
        const bytes = await readPosterFile(request);
        const key = await storePoster(app.services.uploads, bytes);
        await setPoster(db, callerOf(request).id, request.params.id, key);
        await catalogCache.invalidate();
        return getEvent(db, request.params.id, true);
      },
    );
  });
};
