/**
 * /api/admin/invoices: the invoice register (invoices and credit notes) as a page or as CSV, for
 * site admins (every organizer) and the managers of an organizer (theirs only).
 */
import { AdminInvoiceQuerySchema, AdminInvoiceSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
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
            { items: Type.Array(AdminInvoiceSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) },
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
      const organizers = await organizersInScope(db, callerOf(request), 'manager', 'reservations:read');
      const locale = requestLocale(request, app.services.config.defaultLocale);
      return download(reply, 'text/csv; charset=utf-8', 'invoices.csv').send(invoicesCsv(db, request.query, organizers, locale));
    },
  );
  return Promise.resolve();
};
