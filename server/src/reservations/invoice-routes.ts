/**
 * A reservation's billing details and invoices: PUT /:id/billing (its owner, before paying),
 * GET /:id/invoices and GET /:id/invoices/:invoiceId.pdf (its owner, a site admin, or a manager of
 * the event's organizer; anyone else 404). The documents themselves live in invoices/.
 */
import { BillingSchema, InvoiceSummarySchema, ReservationSchema } from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { saveBilling } from '../invoices/billing.js';
import { invoicePdf } from '../invoices/invoice-pdf.js';
import { invoiceForPdf, reservationInvoices } from '../invoices/queries.js';
import { requireAccessTo } from '../organizers/records.js';
import { download, fileResponse } from '../platform/downloads.js';
import { errors } from '../platform/errors.js';
import { currentUser, requireUser } from '../security/auth.js';
import { toReservations } from './queries.js';

const tags = ['reservations'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }) });
const PdfParams = Type.Object({ id: Type.String({ maxLength: 100 }), invoiceId: Type.String({ maxLength: 100 }) });

export const invoiceRoutes: FastifyPluginAsyncTypebox = (app) => {
  const db = app.services.database.db;
  app.addHook('onRequest', requireUser);

  /** The owner and site admins see a reservation's invoices; so do its organizer's managers. */
  const requireInvoiceReader = async (request: FastifyRequest, reservationId: string) => {
    const user = currentUser(request);
    const row = await db.selectFrom('reservations').select('user_id').where('id', '=', reservationId).executeTakeFirst();
    if (row === undefined) throw errors.notFound('reservation');
    if (row.user_id === user.id || user.role === 'admin') return;
    await requireAccessTo(request, 'reservation', reservationId, 'manager');
  };

  app.put(
    '/:id/billing',
    {
      schema: {
        tags,
        summary: 'Set the billing details the invoice will name (owner, before paying; 409 after)',
        params: Params,
        body: BillingSchema,
        response: { 200: ReservationSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const row = await db.selectFrom('reservations').selectAll().where('id', '=', request.params.id).executeTakeFirst();
      // Only the buyer names who is billed: an admin paying for them sets nothing here.
      if (row === undefined || row.user_id !== user.id) throw errors.notFound('reservation');
      await saveBilling(db, row.id, request.body);
      const fresh = await db.selectFrom('reservations').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
      return (await toReservations(db, app.services.ticketSigner, [fresh]))[0];
    },
  );

  app.get(
    '/:id/invoices',
    {
      schema: {
        tags,
        summary: 'The invoice and credit note of a reservation, in the order issued',
        params: Params,
        response: { 200: Type.Array(InvoiceSummarySchema) },
      },
    },
    async (request) => {
      await requireInvoiceReader(request, request.params.id);
      return reservationInvoices(db, request.params.id);
    },
  );

  app.get(
    '/:id/invoices/:invoiceId.pdf',
    {
      schema: {
        tags,
        summary: 'One invoice or credit note as a PDF, in the language it was issued in',
        params: PdfParams,
        response: fileResponse('application/pdf'),
      },
    },
    async (request, reply) => {
      await requireInvoiceReader(request, request.params.id);
      const { document, context } = await invoiceForPdf(db, request.params.id, request.params.invoiceId);
      const inline = (request.headers.accept ?? '').includes('application/pdf') ? 'inline' : 'attachment';
      return download(reply, 'application/pdf', `${document.row.number}.pdf`, inline).send(invoicePdf(document, context));
    },
  );
  return Promise.resolve();
};
