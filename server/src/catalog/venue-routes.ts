/** /api/venues (admin): venues and their seat layouts. */
import { VenueInputSchema, VenuePatchSchema, VenueSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../platform/errors.js';
import { currentUser, requireAdmin } from '../security/auth.js';
import type { CatalogCache } from './catalog-cache.js';
import { createVenue, deleteVenue, findVenue, listVenues, toVenue, updateVenue } from './venues.js';

const tags = ['venues'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const venueRoutes: FastifyPluginAsyncTypebox<{ catalogCache: CatalogCache }> = (app, { catalogCache }) => {
  const db = app.services.database.db;
  app.addHook('onRequest', requireAdmin);

  app.get(
    '/',
    { schema: { tags, summary: 'All venues', response: { 200: Type.Object({ items: Type.Array(VenueSchema) }) } } },
    async () => ({
      items: await listVenues(db),
    }),
  );

  app.post(
    '/',
    { schema: { tags, summary: 'Create a venue', body: VenueInputSchema, response: { 201: VenueSchema } } },
    async (request, reply) => {
      const venue = await createVenue(db, currentUser(request).id, request.body, app.services.config.defaultTimeZone);
      return reply.code(201).send(venue);
    },
  );

  app.get('/:id', { schema: { tags, summary: 'One venue', params: Params, response: { 200: VenueSchema } } }, async (request) => {
    const row = await findVenue(db, request.params.id);
    if (row === undefined) throw errors.notFound('venue');
    return toVenue(row);
  });

  app.patch(
    '/:id',
    { schema: { tags, summary: 'Change a venue', params: Params, body: VenuePatchSchema, response: { 200: VenueSchema } } },
    async (request) => {
      const venue = await updateVenue(db, currentUser(request).id, request.params.id, request.body);
      await catalogCache.invalidate();
      return venue;
    },
  );

  app.delete(
    '/:id',
    { schema: { tags, summary: 'Delete a venue no event uses', params: Params, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await deleteVenue(db, currentUser(request).id, request.params.id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
