/** /api/admin/reservations: find, open, edit, cancel (with or without refund), and take payments. */
import {
  AdminCancelSchema,
  AdminReservationPatchSchema,
  AdminReservationQuerySchema,
  MarkPaidSchema,
  ReservationSchema,
  pageSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/dialect.js';
import { notify } from '../notifications/notify.js';
import { createCursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { currentUser, requireAdmin } from '../security/auth.js';
import { cancelReservation } from './cancellation.js';
import { markPaid } from './payment-flow.js';
import { listForAdmin, toReservations } from './queries.js';
import type { ReservationRouteOptions } from './routes.js';

const tags = ['admin'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const MAX_EXTENSION_MS = 7 * 24 * 3600 * 1000;

export const adminReservationRoutes: FastifyPluginAsyncTypebox<ReservationRouteOptions> = (app, options) => {
  const db = app.services.database.db;
  const cursors = createCursorCodec(options.cursorSecret);
  app.addHook('onRequest', requireAdmin);

  const load = async (id: string) => {
    const row = await db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw errors.notFound('reservation');
    return row;
  };
  const one = async (id: string) => (await toReservations(db, app.services.ticketSigner, [await load(id)], true))[0];
  const snapshot = (r: { status: string; expires_at: string; note: string | null; payment_method: string | null }) => ({
    status: r.status,
    expiresAt: r.expires_at,
    note: r.note,
    paymentMethod: r.payment_method,
  });

  app.get(
    '/reservations',
    {
      schema: {
        tags,
        summary: 'All reservations; filter by event, status, or code/email/name',
        querystring: AdminReservationQuerySchema,
        response: { 200: pageSchema(ReservationSchema) },
      },
    },
    (request) => listForAdmin(db, app.services.ticketSigner, cursors, request.query),
  );

  app.get(
    '/reservations/:id',
    { schema: { tags, summary: 'One reservation with its buyer', params: Params, response: { 200: ReservationSchema } } },
    (request) => one(request.params.id),
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
      const actor = currentUser(request);
      const { attendees, expiresAt, note } = request.body;
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('reservations').selectAll().where('id', '=', request.params.id).executeTakeFirst();
        if (before === undefined) throw errors.notFound('reservation');
        const changes: Record<string, unknown> = {};
        if (expiresAt !== undefined) {
          const until = Date.parse(expiresAt);
          if (before.status !== 'pending_payment') throw errors.conflict('Only a pending hold can be extended.');
          if (until <= Date.now() || until > Date.now() + MAX_EXTENSION_MS) {
            throw errors.validation('Extend the hold to a time in the next 7 days.', [
              { path: '/expiresAt', message: 'must be in the next 7 days' },
            ]);
          }
          changes.expires_at = new Date(until).toISOString();
          changes.expiry_warned = 0;
        }
        if (note !== undefined) changes.note = note;
        if (Object.keys(changes).length > 0)
          await trx
            .updateTable('reservations')
            .set({ ...changes, updated_at: nowIso() })
            .where('id', '=', before.id)
            .execute();
        const beforeNames: Record<string, string | null> = {};
        for (const a of attendees ?? []) {
          const ticket = await trx
            .selectFrom('tickets')
            .select(['id', 'attendee_name'])
            .where('id', '=', a.ticketId)
            .where('reservation_id', '=', before.id)
            .executeTakeFirst();
          if (ticket === undefined)
            throw errors.validation('A ticket does not belong to this reservation.', [
              { path: '/attendees', message: `unknown ticket ${a.ticketId}` },
            ]);
          beforeNames[a.ticketId] = ticket.attendee_name;
          await trx.updateTable('tickets').set({ attendee_name: a.name.trim() }).where('id', '=', a.ticketId).execute();
        }
        await recordAudit(trx, {
          actorId: actor.id,
          action: 'reservation.update',
          entityType: 'reservation',
          entityId: before.id,
          before: { ...snapshot(before), attendees: beforeNames },
          after: { ...request.body },
          ip: request.ip,
        });
        await notify(trx, {
          userId: before.user_id,
          type: 'reservation_changed',
          title: 'Reservation updated',
          body: `An organiser updated reservation ${before.code}.`,
          reservationId: before.id,
        });
      });
      app.services.announce.availabilityChanged((await load(request.params.id)).event_id); // pushes the notification too
      return one(request.params.id);
    },
  );

  app.post(
    '/reservations/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel, with or without a refund',
        params: Params,
        body: AdminCancelSchema,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      const actor = currentUser(request);
      const before = await load(request.params.id);
      const after = await cancelReservation(db, options.provider, before, {
        refund: request.body.refund,
        actorId: actor.id,
        reason: 'cancelled by the organiser.',
      });
      app.services.announce.availabilityChanged(before.event_id);
      await recordAudit(db, {
        actorId: actor.id,
        action: 'reservation.cancel',
        entityType: 'reservation',
        entityId: before.id,
        before: snapshot(before),
        after: { ...snapshot(after), refund: request.body.refund },
        ip: request.ip,
      });
      return one(before.id);
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
      const actor = currentUser(request);
      const before = await load(request.params.id);
      const after = await markPaid(db, before, actor.id, request.body.method, request.body.note);
      app.services.announce.availabilityChanged(before.event_id);
      await recordAudit(db, {
        actorId: actor.id,
        action: 'reservation.mark_paid',
        entityType: 'reservation',
        entityId: before.id,
        before: snapshot(before),
        after: snapshot(after),
        ip: request.ip,
      });
      return one(before.id);
    },
  );
  return Promise.resolve();
};
