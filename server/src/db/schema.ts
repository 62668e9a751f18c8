/**
 * Row types of every table, as Kysely sees them. Times are ISO 8601 UTC strings on both dialects
 * (PostgreSQL timestamptz is parsed to the same string form); booleans are 0/1 integers.
 * The tables are declared by domain under schema/; this module puts them together as `Database`.
 */
import type { AccountTokensTable, AuditLogTable, SessionsTable, UsersTable } from './schema/accounts.js';
import type {
  EventQuestionsTable,
  EventSeatsTable,
  EventsFtsTable,
  EventsTable,
  TicketTypesTable,
  VenuesTable,
} from './schema/catalog.js';
import type { EmailOutboxTable, NotificationsTable } from './schema/notifications.js';
import type {
  ApiTokensTable,
  OrganizerMembersTable,
  OrganizersTable,
  WebhookDeliveriesTable,
  WebhooksTable,
} from './schema/organizers.js';
import type { InvoiceCountersTable, InvoicesTable, PaymentsTable, RefundQueueTable } from './schema/payments.js';
import type {
  DiscountCodesTable,
  HoldKeysTable,
  IdempotencyKeysTable,
  ReservationAnswersTable,
  ReservationItemsTable,
  ReservationsTable,
} from './schema/reservations.js';
import type {
  CheckinScansTable,
  CheckinSyncScansTable,
  TicketSigningKeysTable,
  TicketTransfersTable,
  TicketsTable,
} from './schema/tickets.js';
import type {
  QueueChallengesTable,
  QueueEntriesTable,
  QueueLeasesTable,
  QueueStatesTable,
  WaitlistEntriesTable,
} from './schema/waiting.js';

export type * from './schema/accounts.js';
export type * from './schema/catalog.js';
export type * from './schema/notifications.js';
export type * from './schema/organizers.js';
export type * from './schema/payments.js';
export type * from './schema/reservations.js';
export type * from './schema/tickets.js';
export type * from './schema/waiting.js';

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  venues: VenuesTable;
  events: EventsTable;
  ticket_types: TicketTypesTable;
  event_seats: EventSeatsTable;
  events_fts: EventsFtsTable;
  reservations: ReservationsTable;
  reservation_items: ReservationItemsTable;
  discount_codes: DiscountCodesTable;
  tickets: TicketsTable;
  ticket_transfers: TicketTransfersTable;
  payments: PaymentsTable;
  idempotency_keys: IdempotencyKeysTable;
  hold_keys: HoldKeysTable;
  notifications: NotificationsTable;
  ticket_signing_keys: TicketSigningKeysTable;
  checkin_scans: CheckinScansTable;
  checkin_sync_scans: CheckinSyncScansTable;
  email_outbox: EmailOutboxTable;
  refund_queue: RefundQueueTable;
  account_tokens: AccountTokensTable;
  organizers: OrganizersTable;
  organizer_members: OrganizerMembersTable;
  api_tokens: ApiTokensTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  event_questions: EventQuestionsTable;
  reservation_answers: ReservationAnswersTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  waitlist_entries: WaitlistEntriesTable;
  queue_states: QueueStatesTable;
  queue_entries: QueueEntriesTable;
  queue_challenges: QueueChallengesTable;
  queue_leases: QueueLeasesTable;
}
