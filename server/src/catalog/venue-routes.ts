/**
 * /api/venues: venues and their seat layouts, for site admins and the managers of their organizer
 * (another organizer's venue answers 404).
 */
import { pageSchema, VenueInputSchema, VenueListQuerySchema, VenuePatchSchema, VenueSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { createCursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { callerOf, organizersInScope } from '../organizers/access.js';
import { organizerForCreation, requireAccessTo, requireTeam } from '../organizers/records.js';
import type { CatalogCache } from './catalog-cache.js';
import { createVenue, deleteVenue, findVenue, listVenues, updateVenue, venueWithOrganizer } from './venues.js';
import { acceptApiTokens } from '../security/bearer-auth.js';

const tags = ['venues'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
/**
 * A drawn layout of 20,000 seats with positions is about 1.5 MB of JSON (more with the editor's
 * own fields), past the app's 1 MB body limit: the venue routes alone take up to this much.
 */
export const LAYOUT_BODY_BYTES = 4 * 1024 * 1024;

export const venueRoutes: FastifyPluginAsyncTypebox<{ catalogCache: CatalogCache; cursorSecret: string }> = (
  app,
  { catalogCache, cursorSecret },
) => {
  acceptApiTokens(app);
  const db = app.services.database.db;
  const cursors = createCursorCodec(cursorSecret);
  app.addHook('onRequest', requireTeam('manager'));
  const requireVenue = (request: FastifyRequest, id: string, write: boolean) =>
    requireAccessTo(request, 'venue', id, 'manager', write ? 'events:write' : 'events:read');

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Venues by name, a page at a time',
        querystring: VenueListQuerySchema,
        response: { 200: pageSchema(VenueSchema) },
      },
    },
    async (request) =>
      listVenues(db, cursors, request.query, await organizersInScope(db, callerOf(request), 'manager', 'events:read')),
  );

  app.post(
    '/',
    {
      bodyLimit: LAYOUT_BODY_BYTES,
      schema: { tags, summary: 'Create a venue', body: VenueInputSchema, response: { 201: VenueSchema } },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const organizerId = await organizerForCreation(db, caller, request.body.organizerId, 'events:write');
      const venue = await createVenue(db, caller.id, request.body, app.services.config.defaultTimeZone, organizerId);
      return reply.code(201).send(venue);
    },
  );

  app.get('/:id', { schema: { tags, summary: 'One venue', params: Params, response: { 200: VenueSchema } } }, async (request) => {
    await requireVenue(request, request.params.id, false);
    const row = await findVenue(db, request.params.id);
    if (row === undefined) throw errors.notFound('venue');
    return venueWithOrganizer(db, row);
  });

  app.patch(
    '/:id',
    {
      bodyLimit: LAYOUT_BODY_BYTES,
      schema: { tags, summary: 'Change a venue', params: Params, body: VenuePatchSchema, response: { 200: VenueSchema } },
    },
    async (request) => {
      await requireVenue(request, request.params.id, true);
      const venue = await updateVenue(db, callerOf(request).id, request.params.id, request.body);
      await catalogCache.invalidate();
      return venue;
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, summary: 'Delete a venue no event uses', params: Params, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await requireVenue(request, request.params.id, true);
      await deleteVenue(db, callerOf(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
