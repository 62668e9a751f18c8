/** GET /api/reservations/:id/calendar.ics: the reserved event in the owner's calendar (owner or admin). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eventCalendar, loadCalendarEvent } from '../catalog/calendar.js';
import { download, fileResponse, fileStem } from '../platform/downloads.js';
import { errors } from '../platform/errors.js';
import { currentUser, requireUser } from '../security/auth.js';
import { loadVisibleReservation } from './queries.js';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const reservationCalendarRoutes: FastifyPluginAsyncTypebox = (app) => {
  const db = app.services.database.db;
  app.get(
    '/:id/calendar.ics',
    {
      onRequest: requireUser,
      schema: {
        tags: ['reservations'],
        summary: "The reservation's event as an iCalendar file, at the venue's time",
        params: Params,
        response: fileResponse('text/calendar'),
      },
    },
    async (request, reply) => {
      const r = await loadVisibleReservation(db, request.params.id, currentUser(request));
      const event = await loadCalendarEvent(db, r.event_id);
      if (event === undefined) throw errors.notFound('event');
      const text = eventCalendar(
        { ...event, description: `${event.description}\n\n${r.code}`.trim() },
        app.services.config.publicUrl,
        `-${r.id}`,
      );
      return download(reply, 'text/calendar; charset=utf-8', `${fileStem(event.title)}-${r.code}.ics`).send(text);
    },
  );
  return Promise.resolve();
};
