/**
 * Check-in at the door over HTTP, for site staff and admins, and an organizer's check-in team at
 * its own events (door-access.ts): POST /api/checkin and the running count at
 * GET /api/events/:id/checkin-stats (under /events because it is read per event, but it is the
 * door's number, so it lives with the door).
 */
import {
  CheckinLookupQuerySchema,
  CheckinLookupSchema,
  CheckinRequestSchema,
  CheckinResponseSchema,
  CheckinStatsSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Counter } from 'prom-client';
import { Type } from 'typebox';
import { errors } from '../platform/errors.js';
import { callerOf } from '../organizers/access.js';
import { requireTeam } from '../organizers/records.js';
import { hideOtherOrganizers, requireDoor } from './door-access.js';
import { checkIn, checkinStats } from './checkin.js';
import { guardTypedCode, lookupTypedCode, typedCodeLimiter } from './typed-codes.js';
import { acceptApiTokens } from '../security/bearer-auth.js';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const checkinRoutes: FastifyPluginAsyncTypebox = (app) => {
  acceptApiTokens(app);
  const { database, ticketSigner, checkinScans } = app.services;
  const db = database.db;
  const checkins = new Counter({
    name: 'iatichet_checkins_total',
    help: 'Check-in scans by result',
    labelNames: ['result'] as const,
    registers: [app.services.metrics.registry],
  });
  const typedCodes = typedCodeLimiter(app.services);
  app.addHook('onRequest', requireTeam('checkin', { siteStaff: true }));

  app.post(
    '/checkin',
    {
      schema: {
        tags: ['check-in'],
        summary: 'Check a ticket in by its QR text or short code; ok exactly once, every scan recorded',
        body: CheckinRequestSchema,
        response: { 200: CheckinResponseSchema },
      },
    },
    async (request) => {
      const device = request.body.device?.trim() || request.headers['user-agent']?.slice(0, 100) || null;
      await requireDoor(request, request.body.eventId);
      const staffId = callerOf(request).id;
      let found: (() => Promise<void>) | undefined;
      const judged = await checkIn(
        checkinScans,
        ticketSigner,
        { code: request.body.code, eventId: request.body.eventId, staffId, device },
        {
          db,
          guard: async () => {
            found = await guardTypedCode(typedCodes, staffId);
          },
        },
      );
      const [answer = judged] = await hideOtherOrganizers(db, request, request.body.eventId, [judged], () => ({
        result: 'invalid' as const,
        ticket: null,
        checkedInAt: null,
      }));
      // A typed code is given back only when the answer names its ticket: another organizer's
      // ticket is answered as unknown, so it costs as unknown, or the budget would tell it exists.
      if (found !== undefined && answer.ticket !== null) await found();
      checkins.inc({ result: answer.result });
      if (answer.result === 'ok') app.services.announce.statsChanged(request.body.eventId);
      return answer;
    },
  );

  app.get(
    '/checkin/lookup',
    {
      schema: {
        tags: ['check-in'],
        summary: 'A reservation by its code (or a ticket short code) with each ticket and its state at the door',
        querystring: CheckinLookupQuerySchema,
        response: { 200: CheckinLookupSchema },
      },
    },
    async (request) => {
      if (request.query.eventId !== undefined) await requireDoor(request, request.query.eventId);
      const found = await guardTypedCode(typedCodes, callerOf(request).id);
      const answer = await lookupTypedCode(db, request.query.code, request.query.eventId);
      // A reservation of an event whose door the caller does not work is, to them, no reservation.
      await requireDoor(request, answer.reservation.eventId).catch(() => {
        throw errors.notFound('reservation');
      });
      await found();
      return answer;
    },
  );

  app.get(
    '/events/:id/checkin-stats',
    {
      schema: {
        tags: ['check-in'],
        summary: 'Paid tickets of an event and how many are checked in',
        params: Params,
        response: { 200: CheckinStatsSchema },
      },
    },
    async (request) => {
      await requireDoor(request, request.params.id);
      return checkinStats(db, request.params.id);
    },
  );
  return Promise.resolve();
};
