/**
 * /api/reservations/:id/tickets/:ticketId: one ticket, by its current holder (the buyer, or the
 * account it was given to): the attendee's name until the event starts, and the transfer to
 * someone else's account (tickets/transfers.ts).
 */
import {
  AttendeeNameRequestSchema,
  TicketSchema,
  TicketTransferRequestSchema,
  TicketTransferResultSchema,
} from '@iatichet/contracts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AccountsContext } from '../accounts/accounts-context.js';
import { normalizeEmail } from '../accounts/users.js';
import { requireVerifiedEmail } from '../accounts/verified-email.js';
import { requestLocale } from '../platform/i18n.js';
import { currentUser, requireUser } from '../security/auth.js';
import { renameAttendee } from '../tickets/attendee-names.js';
import { heldTicketView } from '../tickets/received.js';
import { transferTicket } from '../tickets/transfers.js';

const tags = ['reservations'];
const Params = Type.Object({ id: Type.String({ maxLength: 100 }), ticketId: Type.String({ maxLength: 100 }) });

export const reservationTicketRoutes: FastifyPluginAsyncTypebox<{ accounts: AccountsContext }> = (app, { accounts }) => {
  const db = app.services.database.db;
  app.addHook('onRequest', requireUser);
  // Holding a ticket takes a proven address: whoever registered someone else's address before a
  // ticket was given to it must not get its QR code, its PDF or a way to pass it on.
  app.addHook('onRequest', requireVerifiedEmail);

  app.patch(
    '/:id/tickets/:ticketId',
    {
      schema: {
        tags,
        summary: "Change a ticket's attendee name (its holder, until the event starts)",
        params: Params,
        body: AttendeeNameRequestSchema,
        response: { 200: TicketSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { id, ticketId } = request.params;
      await renameAttendee(db, { id: user.id, ip: request.ip }, id, ticketId, request.body.attendeeName);
      return heldTicketView(db, ticketId);
    },
  );

  app.post(
    '/:id/tickets/:ticketId/transfer',
    {
      schema: {
        tags,
        summary: "Give a ticket to someone else's account: new QR and short code; not after check-in or the start (409)",
        params: Params,
        body: TicketTransferRequestSchema,
        response: { 200: TicketTransferResultSchema },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return transferTicket(
        {
          db,
          signer: app.services.ticketSigner,
          publicUrl: app.services.config.publicUrl,
          locale: requestLocale(request, app.services.config.defaultLocale),
          // The budget of every account email: a transfer must not be a way to flood a mailbox.
          withinBudget: async (email) => (await accounts.accountMail.consume(normalizeEmail(email))) === 0,
        },
        { id: user.id, email: user.email, name: user.name, ip: request.ip },
        request.params.id,
        request.params.ticketId,
        request.body.email,
      );
    },
  );
  return Promise.resolve();
};
