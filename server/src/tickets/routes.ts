/**
 * The admin's attendee exports of an event (CSV, XLSX, and the printable check-in list as a PDF).
 * The door's check-in is in checkin/, a reservation's tickets.pdf in reservations/.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../audit/audit-log.js';
import { download, fileResponse, fileStem } from '../platform/downloads.js';
import { errors } from '../platform/errors.js';
import { requestLocale } from '../platform/i18n.js';
import { callerOf } from '../organizers/access.js';
import { requireAccessTo, requireTeam } from '../organizers/records.js';
import { attendeesCsv, attendeesXlsx } from './attendee-exports.js';
import { checkinListPdf } from './checkin-list-pdf.js';
import { qrFor } from './ticket-qr.js';
import { eventFacts, eventTickets, type TicketRow } from './ticket-rows.js';
import { acceptApiTokens } from '../security/bearer-auth.js';
import { answerColumns } from '../questions/answer-columns.js';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

const exports = [
  { format: 'csv', type: 'text/csv; charset=utf-8', summary: 'Attendees as CSV (UTF-8 with BOM), one row a ticket' },
  {
    format: 'xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    summary: 'Attendees as an XLSX spreadsheet',
  },
  { format: 'pdf', type: 'application/pdf', summary: 'A printable check-in list with each paid ticket and its QR code' },
] as const;

export const attendeeExportRoutes: FastifyPluginAsyncTypebox = (app) => {
  acceptApiTokens(app);
  const { database, ticketSigner } = app.services;
  const db = database.db;
  const qrOf = qrFor(ticketSigner);
  // Site admins and the managers of the event's organizer; another organizer's event answers 404.
  app.addHook('onRequest', requireTeam('manager'));
  for (const { format, type, summary } of exports) {
    app.get(
      `/events/:id/attendees.${format}`,
      { schema: { tags: ['admin'], summary, params: Params, response: fileResponse(type) } },
      async (request, reply) => {
        const { organizerId } = await requireAccessTo(request, 'event', request.params.id, 'manager', 'reservations:read');
        const event = await eventFacts(db, request.params.id);
        if (event === undefined) throw errors.notFound('event');
        await recordAudit(db, {
          actorId: callerOf(request).id,
          organizerId,
          action: 'event.export',
          entityType: 'event',
          entityId: event.id,
          after: { format },
          ip: request.ip,
        });
        const onError = (err: unknown) => request.log.error({ err }, 'export failed while streaming');
        const stem = `attendees-${fileStem(event.title)}`;
        const paidQr = (t: TicketRow) => (t.reservationStatus === 'paid' ? qrOf(t) : null);
        // In the admin's language, times at the venue.
        const locale = requestLocale(request, app.services.config.defaultLocale);
        // The spreadsheets carry the answers to the event's questions, a column each.
        const answers = format === 'pdf' ? undefined : await answerColumns(db, event.id, locale);
        const reader = { locale, timeZone: event.timeZone, questionLabels: answers?.labels };
        const sold = () =>
          answers?.withCells(eventTickets(db, event.id, { paidOnly: false })) ?? eventTickets(db, event.id, { paidOnly: false });
        if (format === 'csv') return download(reply, type, `${stem}.csv`).send(attendeesCsv(sold(), paidQr, reader));
        if (format === 'xlsx')
          return download(reply, type, `${stem}.xlsx`).send(attendeesXlsx(event.title, sold(), paidQr, reader, onError));
        return download(reply, type, `${stem}.pdf`).send(
          checkinListPdf(event, eventTickets(db, event.id, { paidOnly: true }), qrOf, onError, locale),
        );
      },
    );
  }
  return Promise.resolve();
};
