/**
 * /api/tickets: the tickets this account received by transfer, and one of them as a PDF. The buyer's
 * own tickets stay under their reservation (/api/reservations/:id/tickets.pdf).
 */
import { ReceivedTicketListSchema, TicketsPdfQuerySchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireVerifiedEmail } from '../accounts/verified-email.js';
import { download, fileResponse } from '../platform/downloads.js';
import { errors } from '../platform/errors.js';
import { requestLocale } from '../platform/i18n.js';
import { currentUser, requireUser } from '../security/auth.js';
import { receivedTickets } from './received.js';
import { qrFor } from './ticket-qr.js';
import { eventFacts, ticketRow } from './ticket-rows.js';
import { ticketsPdf } from './tickets-pdf.js';

const tags = ['tickets'];
const Params = Type.Object({ ticketId: Type.String({ maxLength: 100 }) });

export interface HolderRouteOptions {
  /** The poster for print (catalog/posters.ts, passed in from api.ts: tickets sit below the catalog). */
  posterFor: (posterKey: string) => Promise<Buffer | null>;
}

export const ticketHolderRoutes: FastifyPluginAsyncTypebox<HolderRouteOptions> = (app, { posterFor }) => {
  const db = app.services.database.db;
  app.addHook('onRequest', requireUser);
  // Holding a ticket takes a proven address: whoever registered someone else's address before a
  // ticket was given to it must not get its QR code, its PDF or a way to pass it on.
  app.addHook('onRequest', requireVerifiedEmail);

  app.get(
    '/',
    { schema: { tags, summary: 'Tickets received by transfer, newest first', response: { 200: ReceivedTicketListSchema } } },
    async (request) => ({ items: await receivedTickets(db, currentUser(request).id) }),
  );

  app.get(
    '/:ticketId/ticket.pdf',
    {
      schema: {
        tags,
        summary: 'A received ticket as a PDF with its QR code (its holder only)',
        params: Params,
        querystring: TicketsPdfQuerySchema,
        response: fileResponse('application/pdf'),
      },
    },
    async (request, reply) => {
      const ticket = await ticketRow(db, request.params.ticketId);
      // Anyone but its holder (its buyer included, once it was given away): no such ticket.
      if (ticket === undefined || ticket.holderId !== currentUser(request).id) throw errors.notFound('ticket');
      const event = await eventFacts(db, ticket.eventId);
      if (event === undefined) throw errors.notFound('event');
      if (ticket.reservationStatus !== 'paid')
        throw errors.conflict(`This ticket no longer admits anyone: its reservation is ${ticket.reservationStatus}.`);
      const size = request.query.size ?? 'a4';
      const inline = (request.headers.accept ?? '').includes('application/pdf') ? 'inline' : 'attachment';
      const stem = `ticket-${ticket.shortCode ?? ticket.id}`;
      return download(reply, 'application/pdf', size === 'phone' ? `${stem}-phone.pdf` : `${stem}.pdf`, inline).send(
        ticketsPdf(event, [ticket], qrFor(app.services.ticketSigner), {
          size,
          locale: requestLocale(request, app.services.config.defaultLocale),
          organizer: app.services.config.organizerName,
          poster: event.posterKey === null ? null : await posterFor(event.posterKey),
        }),
      );
    },
  );
  return Promise.resolve();
};
