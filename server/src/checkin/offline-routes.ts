/**
 * Offline check-in over HTTP, for site staff and admins and an organizer's check-in team at its
 * own events (door-access.ts): the snapshot a scanner keeps
 * (GET /api/events/:id/checkin-snapshot), the sync of the scans it queued (POST /api/checkin/sync),
 * and the duplicates found while syncing (GET /api/events/:id/checkin-conflicts), which the devices
 * and the admin's dashboard show.
 */
import {
  CheckinConflictsSchema,
  CheckinSnapshotSchema,
  CheckinSyncRequestSchema,
  CheckinSyncResponseSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { acceptsGzip } from '../platform/compression.js';
import { callerOf } from '../organizers/access.js';
import { requireTeam } from '../organizers/records.js';
import { hideOtherOrganizers, requireDoor } from './door-access.js';
import { checkinConflicts } from './conflicts.js';
import { syncOfflineScans } from './offline-sync.js';
import { checkinSnapshot, type EncodedSnapshot } from './snapshot.js';
import { rememberingVerifier } from './verified-codes.js';
import { acceptApiTokens } from '../security/bearer-auth.js';

const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });

/** The snapshot's bytes as made (no second serialization), gzipped when the client accepts that. */
async function sendSnapshot(request: FastifyRequest, reply: FastifyReply, snapshot: EncodedSnapshot): Promise<void> {
  // Ticket states and attendee names: never kept by a shared cache.
  void reply
    .type('application/json; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('vary', 'Accept-Encoding');
  if (acceptsGzip(request.headers['accept-encoding'])) void reply.header('content-encoding', 'gzip').send(await snapshot.gzip());
  else void reply.send(snapshot.json);
}

export const offlineCheckinRoutes: FastifyPluginAsyncTypebox = (app) => {
  acceptApiTokens(app);
  const { database, ticketSigner, checkinScans } = app.services;
  const db = database.db;
  const verify = rememberingVerifier(ticketSigner);
  app.addHook('onRequest', requireTeam('checkin', { siteStaff: true }));

  app.get(
    '/events/:id/checkin-snapshot',
    {
      schema: {
        tags: ['check-in'],
        summary: "An event's public keys and ticket states, for a scanner to judge tickets offline",
        params: Params,
        response: { 200: CheckinSnapshotSchema },
      },
    },
    async (request, reply) => {
      await requireDoor(request, request.params.id);
      return sendSnapshot(request, reply, await checkinSnapshot(db, request.params.id));
    },
  );

  app.post(
    '/checkin/sync',
    {
      schema: {
        tags: ['check-in'],
        summary: 'Judge the scans a device made offline, in scan order; a replayed scanId answers the same',
        body: CheckinSyncRequestSchema,
        response: { 200: CheckinSyncResponseSchema },
      },
    },
    async (request) => {
      await requireDoor(request, request.body.eventId);
      const judged = await syncOfflineScans(db, checkinScans, verify, {
        ...request.body,
        staffId: callerOf(request).id,
      });
      const results = await hideOtherOrganizers(db, request, request.body.eventId, judged, (r) => ({
        ...r,
        result: 'invalid' as const,
        ticket: null,
        firstScan: null,
        conflict: false,
      }));
      if (results.some((r) => r.result === 'ok')) app.services.announce.statsChanged(request.body.eventId);
      return { results };
    },
  );

  app.get(
    '/events/:id/checkin-conflicts',
    {
      schema: {
        tags: ['check-in'],
        summary: 'Tickets admitted offline by two devices: both scans, newest first',
        params: Params,
        response: { 200: CheckinConflictsSchema },
      },
    },
    async (request) => {
      await requireDoor(request, request.params.id);
      return { items: await checkinConflicts(db, request.params.id) };
    },
  );
  return Promise.resolve();
};
