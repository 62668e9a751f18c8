/**
 * /api/admin/events/:id/dashboard: the numbers behind the live event dashboard, for site admins and
 * the managers of the event's organizer (others: 404).
 */
import { EventDashboardSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAccessTo, requireTeam } from '../organizers/records.js';
import { eventDashboard } from './event-dashboard.js';
import { acceptApiTokens } from '../security/bearer-auth.js';

export const adminDashboardRoutes: FastifyPluginAsyncTypebox = (app) => {
  acceptApiTokens(app);
  app.get(
    '/events/:id/dashboard',
    {
      onRequest: requireTeam('manager'),
      schema: {
        tags: ['admin'],
        summary: 'Sold, held, remaining, revenue, checked in and sales per hour of one event',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: EventDashboardSchema },
      },
    },
    async (request) => {
      await requireAccessTo(request, 'event', request.params.id, 'manager', 'reservations:read');
      return eventDashboard(app.services.database.db, request.params.id);
    },
  );
  return Promise.resolve();
};
