/**
 * /api/admin/invoices: the invoice register (invoices and credit notes) as a page or as CSV, for
 * site admins (every organizer) and the managers of an organizer (theirs only).
 */
import { AdminInvoiceQuerySchema, AdminInvoiceSchema, OrNull } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordAudit } from '../audit/audit-log.js';
import { callerOf, organizersInScope } from '../organizers/access.js';
import { requireTeam } from '../organizers/records.js';
import { createCursorCodec } from '../platform/cursor.js';
import { download, fileResponse } from '../platform/downloads.js';
import { requestLocale } from '../platform/i18n.js';
import { acceptApiTokens } from '../security/bearer-auth.js';
import { invoicesCsv } from './invoices-csv.js';
import { listAdminInvoices } from './queries.js';

const tags = ['admin'];
const CsvQuerySchema = Type.Omit(AdminInvoiceQuerySchema, ['limit', 'cursor'], { additionalProperties: false });

export const adminInvoiceRoutes: FastifyPluginAsyncTypebox<{ cursorSecret: string }> = (app, options) => {
  acceptApiTokens(app);
  const db = app.services.database.db;
  const cursors = createCursorCodec(options.cursorSecret);
  app.addHook('onRequest', requireTeam('manager'));

  app.get(
    '/invoices',
    {
      schema: {
        tags,
        summary: 'Invoices and credit notes, newest first; filter by organizer and issue time [from, to)',
        querystring: AdminInvoiceQuerySchema,
        response: {
          200: Type.Object(
            { items: Type.Array(AdminInvoiceSchema), nextCursor: OrNull(Type.String()) },
            { additionalProperties: false },
          ),
        },
      },
    },
    async (request) => {
      const organizers = await organizersInScope(db, callerOf(request), 'manager', 'reservations:read');
      return listAdminInvoices(db, cursors, request.query, organizers);
    },
  );

  app.get(
    '/invoices.csv',
    {
      schema: {
        tags,
        summary: 'The same invoices as CSV (UTF-8 with BOM), one row a document',
        querystring: CsvQuerySchema,
        response: fileResponse('text/csv; charset=utf-8'),
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const organizers = await organizersInScope(db, caller, 'manager', 'reservations:read');
      // The register names buyers and their tax ids: each export is on record, in the audit of
      // every organizer whose documents it may hold.
      const filtered = request.query.organizerId;
      // A filter naming no organizer exports nothing of anyone's: recorded site-wide.
      const known =
        filtered === undefined
          ? undefined
          : (await db.selectFrom('organizers').select('id').where('id', '=', filtered).executeTakeFirst())?.id;
      const named = organizers === 'all' ? [known ?? null] : organizers.filter((o) => filtered === undefined || o === filtered);
      for (const organizerId of named)
        await recordAudit(db, {
          actorId: caller.id,
          organizerId,
          action: 'invoices.export',
          entityType: 'invoice_register',
          entityId: null,
          after: { format: 'csv', from: request.query.from ?? null, to: request.query.to ?? null },
          ip: request.ip,
        });
      const locale = requestLocale(request, app.services.config.defaultLocale);
      return download(reply, 'text/csv; charset=utf-8', 'invoices.csv').send(invoicesCsv(db, request.query, organizers, locale));
    },
  );
  return Promise.resolve();
};
