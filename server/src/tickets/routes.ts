/**
 * The tickets domain over HTTP: a paid reservation's tickets.pdf, check-in at the door (staff and
 * admins) with its running count, and the admin's attendee exports (CSV, XLSX, PDF check-in list).
 */
import { CheckinRequestSchema, CheckinResponseSchema, CheckinStatsSchema, TicketsPdfQuerySchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Counter } from 'prom-client';
import { Type } from 'typebox';
import { recordAudit } from '../audit/audit-log.js';
import { errors } from '../platform/errors.js';
import { loadVisibleReservation } from '../reservations/queries.js';
import { currentUser, requireAdmin, requireStaff, requireUser } from '../security/auth.js';
import { attendeesCsv, attendeesXlsx } from './attendee-exports.js';
import { checkIn, checkinStats } from './checkin.js';
import { checkinListPdf } from './checkin-list-pdf.js';
import { eventFacts, eventTickets, reservationTickets } from './ticket-rows.js';
import type { TicketSigner } from './ticket-signer.js';
import { ticketsPdf } from './tickets-pdf.js';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const File = (description: string) => ({ 200: Type.String({ format: 'binary', description }) });

/** A safe ASCII file name from any title: letters, digits and dashes. */
function fileStem(text: string): string {
  const stem = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return stem === '' ? 'event' : stem;
}

function download(reply: FastifyReply, type: string, filename: string, disposition = 'attachment'): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `${disposition}; filename="${filename}"`)
    .header('cache-control', 'private, no-store');
}

export const ticketRoutes: FastifyPluginAsyncTypebox<{ signer: TicketSigner }> = async (app, { signer }) => {
  const db = app.services.database.db;
  const qrFor = (ticketId: string) => signer.sign(ticketId);
  const checkins = new Counter({
    name: 'iatichet_checkins_total',
    help: 'Check-in scans by result',
    labelNames: ['result'] as const,
    registers: [app.services.metrics.registry],
  });

  const pdfRoutes: FastifyPluginAsyncTypebox = (reservations) => {
    reservations.addHook('onRequest', requireUser);
    reservations.get(
      '/reservations/:id/tickets.pdf',
      {
        schema: {
          tags: ['reservations'],
          summary: 'The tickets of a paid reservation as a PDF, one page a ticket with its QR code',
          params: Params,
          querystring: TicketsPdfQuerySchema,
          response: File('application/pdf'),
        },
      },
      async (request, reply) => {
        const r = await loadVisibleReservation(db, request.params.id, currentUser(request));
        if (r.status !== 'paid') throw errors.conflict(`Tickets exist once the reservation is paid; this one is ${r.status}.`);
        const event = await eventFacts(db, r.event_id);
        if (event === undefined) throw errors.notFound('event');
        const tickets = await reservationTickets(db, r.id);
        const inline = (request.headers.accept ?? '').includes('application/pdf') ? 'inline' : 'attachment';
        return download(reply, 'application/pdf', `tickets-${r.code}.pdf`, inline).send(
          ticketsPdf(event, tickets, qrFor, request.query.size ?? 'a4'),
        );
      },
    );
    return Promise.resolve();
  };

  const doorRoutes: FastifyPluginAsyncTypebox = (door) => {
    door.addHook('onRequest', requireStaff);
    door.post(
      '/checkin',
      {
        schema: {
          tags: ['check-in'],
          summary: 'Check a ticket in by its QR text; ok exactly once, every scan recorded',
          body: CheckinRequestSchema,
          response: { 200: CheckinResponseSchema },
        },
      },
      async (request) => {
        const device = request.body.device?.trim() || request.headers['user-agent']?.slice(0, 100) || null;
        const answer = await checkIn(db, signer, {
          code: request.body.code,
          eventId: request.body.eventId,
          staffId: currentUser(request).id,
          device,
        });
        checkins.inc({ result: answer.result });
        if (answer.result === 'ok') app.services.announce.statsChanged(request.body.eventId);
        return answer;
      },
    );
    door.get(
      '/events/:id/checkin-stats',
      {
        schema: {
          tags: ['check-in'],
          summary: 'Paid tickets of an event and how many are checked in',
          params: Params,
          response: { 200: CheckinStatsSchema },
        },
      },
      (request) => checkinStats(db, request.params.id),
    );
    return Promise.resolve();
  };

  const exportRoutes: FastifyPluginAsyncTypebox = (admin) => {
    admin.addHook('onRequest', requireAdmin);
    const exports = [
      { format: 'csv', type: 'text/csv; charset=utf-8', summary: 'Attendees as CSV (UTF-8 with BOM), one row a ticket' },
      {
        format: 'xlsx',
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        summary: 'Attendees as an XLSX spreadsheet',
      },
      { format: 'pdf', type: 'application/pdf', summary: 'A printable check-in list with each paid ticket and its QR code' },
    ] as const;
    for (const { format, type, summary } of exports) {
      admin.get(
        `/admin/events/:id/attendees.${format}`,
        { schema: { tags: ['admin'], summary, params: Params, response: File(type) } },
        async (request, reply) => {
          const event = await eventFacts(db, request.params.id);
          if (event === undefined) throw errors.notFound('event');
          await recordAudit(db, {
            actorId: currentUser(request).id,
            action: 'event.export',
            entityType: 'event',
            entityId: event.id,
            after: { format },
            ip: request.ip,
          });
          const onError = (err: unknown) => request.log.error({ err }, 'export failed while streaming');
          const stem = `attendees-${fileStem(event.title)}`;
          const paidQr = (t: { id: string; reservationStatus: string }) => (t.reservationStatus === 'paid' ? qrFor(t.id) : null);
          if (format === 'csv')
            return download(reply, type, `${stem}.csv`).send(
              attendeesCsv(eventTickets(db, event.id, { paidOnly: false }), paidQr),
            );
          if (format === 'xlsx')
            return download(reply, type, `${stem}.xlsx`).send(
              attendeesXlsx(event.title, eventTickets(db, event.id, { paidOnly: false }), paidQr, onError),
            );
          return download(reply, type, `${stem}.pdf`).send(
            checkinListPdf(event, eventTickets(db, event.id, { paidOnly: true }), qrFor, onError),
          );
        },
      );
    }
    return Promise.resolve();
  };

  await app.register(pdfRoutes);
  await app.register(doorRoutes);
  await app.register(exportRoutes);
};
