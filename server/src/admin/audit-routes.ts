import { AuditEntrySchema, AuditQuerySchema, pageSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { listAudit } from '../audit/audit-log.js';
import { createCursorCodec } from '../platform/cursor.js';
import { requireAdmin } from '../security/auth.js';

/** /api/admin/audit: who did what to which record, newest first, with filters. */
export const adminAuditRoutes: FastifyPluginAsyncTypebox<{ cursorSecret: string }> = (app, { cursorSecret }) => {
  const cursors = createCursorCodec(cursorSecret);
  app.get(
    '/audit',
    {
      onRequest: requireAdmin,
      schema: {
        tags: ['admin'],
        summary: 'The audit log',
        querystring: AuditQuerySchema,
        response: { 200: pageSchema(AuditEntrySchema) },
      },
    },
    (request) => listAudit(app.services.database.db, cursors, request.query),
  );
  return Promise.resolve();
};
