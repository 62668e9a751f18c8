/**
 * The migration list, imported statically so the bundled server carries it. Names sort in the
 * order they apply; add a new file and one line here. Each runs on SQLite and PostgreSQL alike.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as accounts from './0001-accounts.js';
import * as catalog from './0002-catalog.js';
import * as reservations from './0003-reservations.js';
import * as tickets from './0004-tickets.js';
import * as realtime from './0005-realtime.js';
import * as reservationExpiryIndex from './0006-reservation-expiry-index.js';
import * as accountVerification from './0007-account-verification.js';
import * as refundPolicy from './0008-refund-policy.js';
import * as ticketQrStored from './0009-ticket-qr-stored.js';
import * as paymentSettlement from './0010-payment-settlement.js';
import * as timeZonesShortCodes from './0011-time-zones-short-codes.js';
import * as holdKeys from './0012-hold-keys.js';
import * as offlineCheckin from './0013-offline-checkin.js';
import * as organizers from './0014-organizers.js';
import * as auditOrganizers from './0015-audit-organizers.js';
import * as webhooks from './0017-webhooks.js';
import * as doorsTime from './0018-doors-time.js';
import * as pricing from './0019-pricing.js';
import * as discountCodes from './0020-discount-codes.js';
import * as questions from './0021-questions.js';
import * as invoices from './0022-invoices.js';
import * as waitlist from './0023-waitlist.js';
import * as ticketTransfers from './0024-ticket-transfers.js';
import * as waitingRoom from './0025-waiting-room.js';
import * as seatingAtScale from './0026-seating-at-scale.js';
import * as fixedPrices from './0027-fixed-prices.js';
import * as syncScanIds from './0028-sync-scan-ids.js';
import * as codeListOrder from './0029-code-list-order.js';

const migrations: Record<string, Migration> = {
  '0001-accounts': accounts,
  '0002-catalog': catalog,
  '0003-reservations': reservations,
  '0004-tickets': tickets,
  '0005-realtime': realtime,
  '0006-reservation-expiry-index': reservationExpiryIndex,
  '0007-account-verification': accountVerification,
  '0008-refund-policy': refundPolicy,
  '0009-ticket-qr-stored': ticketQrStored,
  '0010-payment-settlement': paymentSettlement,
  '0011-time-zones-short-codes': timeZonesShortCodes,
  '0012-hold-keys': holdKeys,
  '0013-offline-checkin': offlineCheckin,
  '0014-organizers': organizers,
  '0015-audit-organizers': auditOrganizers,
  '0017-webhooks': webhooks,
  '0018-doors-time': doorsTime,
  '0019-pricing': pricing,
  '0020-discount-codes': discountCodes,
  '0021-questions': questions,
  '0022-invoices': invoices,
  '0023-waitlist': waitlist,
  '0024-ticket-transfers': ticketTransfers,
  '0025-waiting-room': waitingRoom,
  '0026-seating-at-scale': seatingAtScale,
  '0027-fixed-prices': fixedPrices,
  '0028-sync-scan-ids': syncScanIds,
  '0029-code-list-order': codeListOrder,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
