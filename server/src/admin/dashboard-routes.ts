/** /api/admin/events/:id/dashboard: the numbers behind the admin's live event dashboard. */
import { EventDashboardSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAdmin } from '../security/auth.js';
import { eventDashboard } from './event-dashboard.js';

export const adminDashboardRoutes: FastifyPluginAsyncTypebox = (app) => {
  app.get(
    '/events/:id/dashboard',
    {
      onRequest: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'Sold, held, remaining, revenue, checked in and sales per hour of one event',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: { 200: EventDashboardSchema },
      },
    },
    (request) => eventDashboard(app.services.database.db, request.params.id),
  );
  return Promise.resolve();
};
