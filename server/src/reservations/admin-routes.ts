/**
 * /api/admin/reservations: find, open, edit, cancel (with or without refund), and take payments;
 * for site admins and the managers of the reservation's organizer (others: 404).
 */
import {
  AdminCancelSchema,
  AdminReservationPatchSchema,
  AdminReservationQuerySchema,
  MarkPaidSchema,
  ReservationSchema,
  pageSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { createCursorCodec } from '../platform/cursor.js';
import { callerOf, organizersInScope } from '../organizers/access.js';
import { requireAccessTo, requireTeam } from '../organizers/records.js';
import { cancelByAdmin, loadReservation, markPaidByAdmin, updateReservation } from './admin-actions.js';
import { listForAdmin, sendRendered, toReservations } from './queries.js';
import type { ReservationRouteOptions } from './routes.js';
import { acceptApiTokens } from '../security/bearer-auth.js';
import { answeredReservation } from '../questions/answers.js';

const tags = ['admin'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const actorOf = (request: FastifyRequest) => ({ id: callerOf(request).id, ip: request.ip });
const requireReservation = (request: FastifyRequest, id: string, write: boolean) =>
  requireAccessTo(request, 'reservation', id, 'manager', write ? 'reservations:write' : 'reservations:read');

export const adminReservationRoutes: FastifyPluginAsyncTypebox<Omit<ReservationRouteOptions, 'codeTries'>> = (app, options) => {
  acceptApiTokens(app);
  const db = app.services.database.db;
  const cursors = createCursorCodec(options.cursorSecret);
  const invoicing = { invoiceTimeZone: app.services.config.defaultTimeZone };
  const refunds = { db, provider: options.provider, attempts: app.services.metrics.refundAttempts, ...invoicing };
  app.addHook('onRequest', requireTeam('manager'));

  /** The reservation as admins see it, after telling watchers its event's availability moved. */
  const answer = async (row: { id: string; event_id: string }) => {
    app.services.announce.availabilityChanged(row.event_id); // pushes the buyer's notification too
    return one(row.id);
  };
  /** One reservation with its buyer and its answers to the event's questions. */
  const one = async (id: string) => {
    const [reservation] = await toReservations(db, app.services.ticketSigner, [await loadReservation(db, id)], true);
    return reservation && answeredReservation(db, reservation);
  };

  app.get(
    '/reservations',
    {
      schema: {
        tags,
        summary:
          'All reservations; filter by event, status (e.g. refund_pending), code/email/name, or an answer (questionId, answer)',
        querystring: AdminReservationQuerySchema,
        response: { 200: pageSchema(ReservationSchema) },
      },
    },
    async (request, reply) => {
      const organizers = await organizersInScope(db, callerOf(request), 'manager', 'reservations:read');
      return sendRendered(reply, await listForAdmin(db, app.services.ticketSigner, cursors, request.query, organizers));
    },
  );

  app.get(
    '/reservations/:id',
    { schema: { tags, summary: 'One reservation with its buyer', params: Params, response: { 200: ReservationSchema } } },
    async (request) => {
      await requireReservation(request, request.params.id, false);
      return one(request.params.id);
    },
  );

  app.patch(
    '/reservations/:id',
    {
      schema: {
        tags,
        summary: 'Change attendee names, extend a pending hold, add a note',
        params: Params,
        body: AdminReservationPatchSchema,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      await requireReservation(request, request.params.id, true);
      return answer(await updateReservation(db, actorOf(request), request.params.id, request.body));
    },
  );

  app.post(
    '/reservations/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel, with or without a refund (refund_pending while the provider has not accepted it)',
        params: Params,
        body: AdminCancelSchema,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      await requireReservation(request, request.params.id, true);
      return answer(await cancelByAdmin(refunds, actorOf(request), request.params.id, request.body.refund));
    },
  );

  app.post(
    '/reservations/:id/mark-paid',
    {
      schema: {
        tags,
        summary: 'Assisted payment: cash, bank transfer or other',
        params: Params,
        body: MarkPaidSchema,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      await requireReservation(request, request.params.id, true);
      return answer(await markPaidByAdmin(db, actorOf(request), request.params.id, request.body, invoicing));
    },
  );
  return Promise.resolve();
};
