import { AuditEntrySchema, AuditQuerySchema, pageSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAudit } from '../audit/audit-log.js';
import { createCursorCodec } from '../platform/cursor.js';
import { callerOf, organizersInScope } from '../organizers/access.js';
import { requireTeam } from '../organizers/records.js';

/**
 * /api/admin/audit: who did what to which record, newest first, with filters. A site admin sees
 * every entry; an organizer's owners and managers see the entries of their organizers' records,
 * and only its owners those of its team (members invited, changed and removed).
 */
export const adminAuditRoutes: FastifyPluginAsyncTypebox<{ cursorSecret: string }> = (app, { cursorSecret }) => {
  const cursors = createCursorCodec(cursorSecret);
  app.get(
    '/audit',
    {
      onRequest: requireTeam('manager'),
      schema: {
        tags: ['admin'],
        summary: 'The audit log',
        querystring: AuditQuerySchema,
        response: { 200: pageSchema(AuditEntrySchema) },
      },
    },
    async (request) => {
      const db = app.services.database.db;
      // People only: the audit log names no token scope.
      const caller = callerOf(request);
      const organizers = caller.token === undefined ? await organizersInScope(db, caller, 'manager') : [];
      // A manager sees the entries of the organizer's records; the team's changes are its owners'.
      const teams = organizers === 'all' || organizers.length === 0 ? organizers : await organizersInScope(db, caller, 'owner');
      return listAudit(db, cursors, request.query, organizers, teams);
    },
  );
  return Promise.resolve();
};
