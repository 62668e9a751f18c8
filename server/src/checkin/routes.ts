/**
 * Check-in at the door over HTTP, for staff and admins: POST /api/checkin and the running count at
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
import { currentUser, requireStaff } from '../security/auth.js';
import { checkIn, checkinStats } from './checkin.js';
import { guardTypedCode, lookupTypedCode, typedCodeLimiter } from './typed-codes.js';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const checkinRoutes: FastifyPluginAsyncTypebox = (app) => {
  const { database, ticketSigner, checkinScans } = app.services;
  const db = database.db;
  const checkins = new Counter({
    name: 'iatichet_checkins_total',
    help: 'Check-in scans by result',
    labelNames: ['result'] as const,
    registers: [app.services.metrics.registry],
  });
  const typedCodes = typedCodeLimiter(app.services);
  app.addHook('onRequest', requireStaff);

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
      const staffId = currentUser(request).id;
      const answer = await checkIn(
        checkinScans,
        ticketSigner,
        { code: request.body.code, eventId: request.body.eventId, staffId, device },
        { db, guard: () => guardTypedCode(typedCodes, staffId) },
      );
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
      const found = await guardTypedCode(typedCodes, currentUser(request).id);
      const answer = await lookupTypedCode(db, request.query.code, request.query.eventId);
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
    (request) => checkinStats(db, request.params.id),
  );
  return Promise.resolve();
};
