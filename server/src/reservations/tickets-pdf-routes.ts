/** GET /api/reservations/:id/tickets.pdf: a paid reservation's tickets, for its owner or an admin. */
import { TicketsPdfQuerySchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { posterForPrint } from '../catalog/posters.js';
import { download, fileResponse } from '../platform/downloads.js';
import { errors } from '../platform/errors.js';
import { currentUser, requireUser } from '../security/auth.js';
import { qrFor } from '../tickets/ticket-qr.js';
import { eventFacts, reservationTickets } from '../tickets/ticket-rows.js';
import { ticketsPdf } from '../tickets/tickets-pdf.js';
import { loadVisibleReservation } from './queries.js';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const ticketsPdfRoutes: FastifyPluginAsyncTypebox = (app) => {
  const { database, ticketSigner } = app.services;
  const db = database.db;
  app.get(
    '/:id/tickets.pdf',
    {
      onRequest: requireUser,
      schema: {
        tags: ['reservations'],
        summary: 'The tickets of a paid reservation as a PDF, one page a ticket with its QR code',
        params: Params,
        querystring: TicketsPdfQuerySchema,
        response: fileResponse('application/pdf'),
      },
    },
    async (request, reply) => {
      const r = await loadVisibleReservation(db, request.params.id, currentUser(request));
      if (r.status !== 'paid') throw errors.conflict(`Tickets exist once the reservation is paid; this one is ${r.status}.`);
      const event = await eventFacts(db, r.event_id);
      if (event === undefined) throw errors.notFound('event');
      // A ticket given away is its new holder's (GET /api/tickets/:ticketId/ticket.pdf), not the buyer's.
      const tickets = (await reservationTickets(db, r.id)).filter((t) => t.holderId === null);
      if (tickets.length === 0) throw errors.notFound('ticket');
      const inline = (request.headers.accept ?? '').includes('application/pdf') ? 'inline' : 'attachment';
      const size = request.query.size ?? 'a4';
      // The phone page is a different document: saved next to the A4 one, it must not replace it.
      const filename = size === 'phone' ? `tickets-${r.code}-phone.pdf` : `tickets-${r.code}.pdf`;
      return download(reply, 'application/pdf', filename, inline).send(
        ticketsPdf(event, tickets, qrFor(ticketSigner), {
          size,
          organizer: app.services.config.organizerName,
          poster: event.posterKey === null ? null : await posterForPrint(app.services.uploads, event.posterKey),
        }),
      );
    },
  );
  return Promise.resolve();
};
