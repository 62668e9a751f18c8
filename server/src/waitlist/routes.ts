/**
 * Waiting lists: /api/events/:id/waitlist (join), /api/waitlist (mine, leave), and the organizer's
 * view at /api/admin/events/:id/waitlist.
 */
import { AdminWaitlistEntrySchema, WaitlistEntrySchema, WaitlistJoinSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireVerifiedEmail } from '../accounts/verified-email.js';
import { requireAccessTo, requireTeam } from '../organizers/records.js';
import type { PaymentProvider } from '../payments/provider.js';
import { acceptApiTokens } from '../security/bearer-auth.js';
import { currentUser, requireUser } from '../security/auth.js';
import { joinWaitlist, leaveWaitlist, listForEvent, listMine } from './entries.js';
import type { OfferScheduler } from './offer-scheduler.js';

const tags = ['waitlist'];
const Id = Type.String({ maxLength: 100 });

export interface WaitlistRouteOptions {
  provider: PaymentProvider;
  offers: OfferScheduler;
}

export const waitlistRoutes: FastifyPluginAsyncTypebox<WaitlistRouteOptions> = (app, options) => {
  const db = app.services.database.db;
  const refunds = {
    db,
    provider: options.provider,
    attempts: app.services.metrics.refundAttempts,
    invoiceTimeZone: app.services.config.defaultTimeZone,
  };
  app.addHook('onRequest', requireUser);

  app.post(
    '/events/:id/waitlist',
    {
      onRequest: requireVerifiedEmail,
      schema: {
        tags,
        summary: 'Join the waiting list of a sold-out ticket type (409 while it is on sale, or when already listed)',
        params: Type.Object({ id: Id }),
        body: WaitlistJoinSchema,
        response: { 201: WaitlistEntrySchema },
      },
    },
    async (request, reply) => {
      const entry = await joinWaitlist(db, currentUser(request).id, request.params.id, request.body);
      options.offers.listedEvent(entry.event.id);
      return reply.code(201).send(entry);
    },
  );

  app.get(
    '/waitlist',
    {
      schema: {
        tags,
        summary: 'My waiting-list entries, each with its live position',
        response: { 200: Type.Object({ items: Type.Array(WaitlistEntrySchema) }, { additionalProperties: false }) },
      },
    },
    async (request) => ({ items: await listMine(db, currentUser(request).id) }),
  );

  app.delete(
    '/waitlist/:entryId',
    {
      schema: {
        tags,
        summary: 'Leave a waiting list (an open offer is cancelled and passes to the next in line)',
        params: Type.Object({ entryId: Id }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const eventId = await leaveWaitlist(refunds, currentUser(request).id, request.params.entryId);
      // Its place, or its offer's tickets, may now go to the next entry; watchers see positions move.
      if (eventId !== undefined) app.services.announce.availabilityChanged(eventId);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};

export const adminWaitlistRoutes: FastifyPluginAsyncTypebox = (app) => {
  acceptApiTokens(app);
  app.get(
    '/admin/events/:id/waitlist',
    {
      onRequest: requireTeam('manager'),
      schema: {
        tags: ['admin'],
        summary: "An event's waiting lists in join order, with positions and statuses",
        params: Type.Object({ id: Id }),
        response: { 200: Type.Object({ items: Type.Array(AdminWaitlistEntrySchema) }, { additionalProperties: false }) },
      },
    },
    async (request) => {
      await requireAccessTo(request, 'event', request.params.id, 'manager', 'reservations:read');
      return { items: await listForEvent(app.services.database.db, request.params.id) };
    },
  );
  return Promise.resolve();
};
