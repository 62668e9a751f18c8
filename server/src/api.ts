/**
 * Every API domain, mounted under /api. One line per domain folder; each owns its routes.
 */
import type { FastifyInstance } from 'fastify';
import type { AccountsContext } from './accounts/accounts-context.js';
import { accountRoutes } from './accounts/routes.js';
import { adminAuditRoutes } from './admin/audit-routes.js';
import { adminUserRoutes } from './admin/users-routes.js';
import { adminDashboardRoutes } from './admin/dashboard-routes.js';
import { checkinRoutes } from './checkin/routes.js';
import { offlineCheckinRoutes } from './checkin/offline-routes.js';
import type { CatalogCache } from './catalog/catalog-cache.js';
import { eventRoutes } from './catalog/event-routes.js';
import { codeRoutes } from './catalog/code-routes.js';
import { venueRoutes } from './catalog/venue-routes.js';
import { paymentConfigRoutes } from './payments/config-routes.js';
import type { PaymentProvider } from './payments/provider.js';
import { StripeProvider } from './payments/stripe.js';
import { stripeWebhookRoutes } from './payments/stripe-webhook-routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { adminReservationRoutes } from './reservations/admin-routes.js';
import { completeExternalPayment } from './reservations/late-payment.js';
import type { holdTickets } from './reservations/hold.js';
import { reservationCalendarRoutes } from './reservations/calendar-routes.js';
import { reservationRoutes } from './reservations/routes.js';
import { ticketsPdfRoutes } from './reservations/tickets-pdf-routes.js';
import { invoiceRoutes } from './reservations/invoice-routes.js';
import { adminInvoiceRoutes } from './invoices/admin-routes.js';
import { reservationTicketRoutes } from './reservations/ticket-routes.js';
import { ticketHolderRoutes } from './tickets/holder-routes.js';
import { posterForPrint } from './catalog/posters.js';
import { attendeeExportRoutes } from './tickets/routes.js';
import { apiTokenRoutes } from './organizers/token-routes.js';
import type { Resolver } from './webhooks/address-guard.js';
import { webhookRoutes } from './webhooks/routes.js';
import { organizerRoutes } from './organizers/routes.js';
import { questionRoutes } from './questions/routes.js';
import { withheldTypes } from './catalog/withheld-types.js';
import { codeGuessLimiter } from './reservations/code-guesses.js';
import type { QueueRoom } from './queue/room.js';
import { queueRoutes } from './queue/routes.js';
import type { OfferScheduler } from './waitlist/offer-scheduler.js';
import { adminWaitlistRoutes, waitlistRoutes } from './waitlist/routes.js';

export interface ApiOptions {
  accounts: AccountsContext;
  catalogCache: CatalogCache;
  cursorSecret: string;
  provider: PaymentProvider;
  /** Offers released tickets to waiting lists (waitlist/offer-scheduler.ts). */
  waitlistOffers: OfferScheduler;
  hold?: typeof holdTickets;
  /** The waiting rooms (queue/room.ts): its routes, and the pass check on holds. */
  queueRoom: QueueRoom;
  /** How webhook URLs' hosts are resolved when a hook is saved (tests replace it). */
  webhookResolver: Resolver;
}

export async function registerApi(
  app: FastifyInstance,
  { accounts, catalogCache, cursorSecret, provider, waitlistOffers, hold, queueRoom, webhookResolver }: ApiOptions,
): Promise<void> {
  const holdMinutes = app.services.config.holdMinutes;
  // One budget of code tries per address, shared by the event page's ?code= and the hold.
  const codeTries = codeGuessLimiter(app.services);
  await app.register(accountRoutes, { prefix: '/auth', accounts });
  await app.register(adminUserRoutes, { prefix: '/admin', accounts, cursorSecret });
  await app.register(adminAuditRoutes, { prefix: '/admin', cursorSecret });
  await app.register(venueRoutes, { prefix: '/venues', catalogCache, cursorSecret });
  await app.register(eventRoutes, { prefix: '/events', catalogCache, cursorSecret, provider, codeTries });
  // Discount and access codes of an event (issue 18).
  await app.register(codeRoutes, { prefix: '/events', cursorSecret });
  await app.register(questionRoutes, { prefix: '/events', withheldTypes: withheldTypes(app.services.database.db, codeTries) });
  await app.register(reservationRoutes, {
    prefix: '/reservations',
    provider,
    cursorSecret,
    holdMinutes,
    hold,
    codeTries,
    requireQueuePass: (queueEnabled, eventId, userId, pass) => queueRoom.requirePass(queueEnabled, eventId, userId, pass),
  });
  await app.register(ticketsPdfRoutes, { prefix: '/reservations' });
  await app.register(reservationCalendarRoutes, { prefix: '/reservations' });
  // Billing details and a reservation's invoices; the register of every invoice under /admin (issue 18).
  await app.register(invoiceRoutes, { prefix: '/reservations' });
  // One ticket by its holder: the attendee's name and the transfer (issue 19).
  await app.register(reservationTicketRoutes, { prefix: '/reservations', accounts });
  // Tickets received by transfer, for their holder.
  await app.register(ticketHolderRoutes, {
    prefix: '/tickets',
    posterFor: (key) => posterForPrint(app.services.uploads, key),
  });
  await app.register(paymentConfigRoutes, { prefix: '/payments', provider });
  if (provider instanceof StripeProvider) {
    const db = app.services.database.db;
    await app.register(stripeWebhookRoutes, {
      prefix: '/payments',
      provider,
      settlePayment: (reservationId, payment) =>
        completeExternalPayment(db, provider, reservationId, payment, { invoiceTimeZone: app.services.config.defaultTimeZone }),
    });
  }
  await app.register(adminReservationRoutes, { prefix: '/admin', provider, cursorSecret, holdMinutes });
  await app.register(adminDashboardRoutes, { prefix: '/admin' });
  await app.register(adminInvoiceRoutes, { prefix: '/admin', cursorSecret });
  await app.register(notificationRoutes, { prefix: '/notifications', cursorSecret });
  await app.register(attendeeExportRoutes, { prefix: '/admin' });
  // Check-in owns /checkin and, as the door's own number, /events/:id/checkin-stats.
  await app.register(checkinRoutes);
  // Offline check-in: the scanner's snapshot, the sync of its queued scans, and the duplicates found.
  await app.register(offlineCheckinRoutes);
  await app.register(apiTokenRoutes, { prefix: '/organizers', cursorSecret });
  // An organizer's webhooks and their delivery log, under /organizers/:id/webhooks.
  await app.register(webhookRoutes, { prefix: '/organizers', cursorSecret, resolve: webhookResolver });
  // Organizers and their teams (issue 17).
  await app.register(organizerRoutes, {
    prefix: '/organizers',
    accounts,
    invalidateCatalog: () => catalogCache.invalidate(),
    cursorSecret,
  });
  // Waiting lists (issue 19): joins under /events/:id/waitlist, mine under /waitlist, the organizer's view.
  await app.register(waitlistRoutes, { provider, offers: waitlistOffers });
  await app.register(adminWaitlistRoutes);
  // Waiting rooms (issue 20): the challenge, joining and my place, the staff's numbers.
  await app.register(queueRoutes, { room: queueRoom });
}
