/**
 * Row types of every table, as Kysely sees them. Times are ISO 8601 UTC strings on both dialects
 * (PostgreSQL timestamptz is parsed to the same string form); booleans are 0/1 integers.
 */
import type { CheckinResult, EventStatus, Locale, ReservationStatus, Role, SeatStatus, Seating } from '@iatichet/contracts';
import type { ColumnType, Generated } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  email_normalized: string;
  name: string;
  password_hash: string;
  role: Role;
  disabled: number;
  /** 0/1; set once the owner opened a verification (or password reset) link. */
  email_verified: Generated<number>;
  locale: Generated<Locale>;
  created_at: string;
  updated_at: string;
}

export interface AccountTokensTable {
  /** SHA-256 of the token mailed out; the token itself is never stored. */
  id_hash: string;
  user_id: string;
  purpose: 'verify_email' | 'password_reset';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
}

export interface AuditLogTable {
  id: string;
  seq: Generated<number>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  created_at: string;
  /** The organizer whose record the entry concerns (0014); null for site-wide actions. */
  organizer_id: ColumnType<string | null, string | null | undefined>;
  /** The API token that acted, when one did (0014). */
  token_id: ColumnType<string | null, string | null | undefined>;
}

export type OrganizerRole = 'owner' | 'manager' | 'checkin';

export interface OrganizersTable {
  id: string;
  name: string;
  slug: string;
  legal_name: ColumnType<string, string | undefined>;
  address: ColumnType<string, string | undefined>;
  vat_id: ColumnType<string, string | undefined>;
  invoice_prefix: ColumnType<string, string | undefined>;
  /** JSON array of origins ("https://shop.example") that may frame the organizer's embed pages. */
  embed_origins_json: ColumnType<string, string | undefined>;
  /** 0/1: the one organizer every installation has (0014). */
  is_default: ColumnType<number, number | undefined>;
  created_at: string;
  updated_at: string;
}

export interface OrganizerMembersTable {
  organizer_id: string;
  user_id: string;
  role: OrganizerRole;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  organizer_id: string;
  name: string;
  /** JSON array of scopes. */
  scopes_json: string;
  /** SHA-256 (hex) of the secret; the secret itself is shown once and never stored. */
  token_hash: string;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface VenuesTable {
  id: string;
  name: string;
  address: string;
  city: string;
  capacity: number;
  layout_json: string | null;
  /** IANA zone (0011); every person-facing time of the venue's events is shown in it. */
  time_zone: ColumnType<string, string | undefined, string>;
  /** Who owns the venue (0014). */
  organizer_id: string;
  created_at: string;
  updated_at: string;
}

export interface EventsTable {
  id: string;
  title: string;
  description: string;
  category: string;
  venue_id: string;
  venue_name: string;
  venue_city: string;
  starts_at: string;
  ends_at: string;
  sales_start_at: string | null;
  sales_end_at: string | null;
  /** When the doors open (0018); null when the organiser did not say. */
  doors_at: ColumnType<string | null, string | null | undefined>;
  status: EventStatus;
  seating: Seating;
  currency: string;
  poster_key: string | null;
  max_tickets_per_order: number;
  price_from_cents: number | null;
  capacity: number;
  /** 'default': 48 h before starts_at; 'until': refund_until; 'none': no buyer refunds. */
  refund_policy: ColumnType<'default' | 'until' | 'none', 'default' | 'until' | 'none' | undefined>;
  refund_until: ColumnType<string | null, string | null | undefined>;
  /** The venue's zone, copied like venue_name and kept in step with it (0011). */
  time_zone: ColumnType<string, string | undefined, string>;
  /** Who sells the event (0014); the venue's organizer when the event was made. */
  organizer_id: string;
  /** Waiting list on (1) or off (0) (0023). */
  waitlist_enabled: ColumnType<number, number | undefined, number>;
  /** How long an offer holds its tickets; null: WAITLIST_OFFER_MINUTES. */
  waitlist_offer_minutes: ColumnType<number | null, number | null | undefined, number | null>;
  /** The event's own copy of its venue's layout (0026); null for general admission. */
  layout_json: ColumnType<string | null, string | null | undefined, string | null>;
  /** Waiting room on (1) or off (0) (0025), and its settings (see EventQueueSettings). */
  queue_enabled: ColumnType<number, number | undefined, number>;
  queue_opens_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** Null: admit automatically from what is left and held. */
  queue_admit_per_minute: ColumnType<number | null, number | null | undefined, number | null>;
  queue_pass_minutes: ColumnType<number, number | undefined, number>;
  search_title: string;
  search_place: string;
  search_body: string;
  created_at: string;
  updated_at: string;
}

export interface TicketTypesTable {
  id: string;
  event_id: string;
  name: string;
  price_cents: number;
  capacity: number;
  seat_category: string | null;
  sold: number;
  held: number;
  sort_order: number;
  /** 1: sold only with an access code naming this type (0019). */
  hidden: ColumnType<number, number | undefined, number>;
  /** Pay what you want: the least a buyer may pay; null = fixed price. */
  min_price_cents: ColumnType<number | null, number | null | undefined, number | null>;
  /** Basis points of tax contained in the tax-inclusive price (1900 = 19 %). */
  tax_rate: ColumnType<number, number | undefined, number>;
  /** Entries of this type's waiting list in status 'waiting' (0023): while > 0 its free tickets go to the list. */
  waitlist_waiting: ColumnType<number, number | undefined, number>;
}

export interface EventSeatsTable {
  id: string;
  event_id: string;
  ticket_type_id: string;
  section: string;
  row_label: string;
  number: number;
  category: string;
  position: number;
  status: SeatStatus;
  reservation_id: string | null;
  /** Drawn layouts' position on the 0–1000 plane (0026); null for grid layouts. */
  x: ColumnType<number | null, number | null | undefined, number | null>;
  y: ColumnType<number | null, number | null | undefined, number | null>;
  accessible: ColumnType<'wheelchair' | 'companion' | null, 'wheelchair' | 'companion' | null | undefined, never>;
  /** Best available: lower is better; null = layout order. */
  row_rank: ColumnType<number | null, number | null | undefined, never>;
  /** Epoch ms of the last status change; PostgreSQL returns bigint as a string, so read it with Number(). */
  version: ColumnType<string | number, number | undefined, number>;
}

export interface EventsFtsTable {
  event_id: string;
  title: string;
  venue: string;
  description: string;
}

export interface ReservationsTable {
  id: string;
  code: string;
  user_id: string;
  event_id: string;
  status: ReservationStatus;
  total_cents: number;
  currency: string;
  expires_at: string;
  /** While set and in the future, a payment is in flight: no second charge, no expiry. */
  paying_until: string | null;
  expiry_warned: number;
  payment_method: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  closed_at: string | null;
  /** Before discount; total_cents = subtotal_cents - discount_cents (0019). */
  subtotal_cents: ColumnType<number, number | undefined, number>;
  discount_cents: ColumnType<number, number | undefined, number>;
  /** The tax contained in total_cents, summed from the lines' rounded taxes (reservations/pricing.ts). */
  tax_cents: ColumnType<number, number | undefined, number>;
  discount_code_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The buyer's billing details for the invoice as JSON (0022, invoices/billing.ts); null = none given. */
  billing_json: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A discount or access code of an event (0020, reservations/code-uses.ts). */
export interface DiscountCodesTable {
  id: string;
  event_id: string;
  /** As the organizer spelled it; matched by lower(code). */
  code: string;
  kind: 'discount' | 'access';
  percent_off: number | null;
  amount_off_cents: number | null;
  /** JSON array of ticket type ids; [] = every type of the event. */
  ticket_type_ids_json: string;
  max_uses: number | null;
  /** Live and paid reservations that used the code. */
  uses: ColumnType<number, number | undefined, number>;
  valid_from: string | null;
  valid_until: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

/** One row per ticket type of a reservation, priced as the hold priced it (reservations/pricing.ts). */
export interface ReservationItemsTable {
  reservation_id: string;
  ticket_type_id: string;
  quantity: number;
  /** Per ticket, before discount (for pay what you want, the buyer's chosen price). */
  unit_price_cents: number;
  /** For the whole line. */
  discount_cents: ColumnType<number, number | undefined, number>;
  tax_rate: ColumnType<number, number | undefined, number>;
}

export interface TicketsTable {
  id: string;
  reservation_id: string;
  event_id: string;
  ticket_type_id: string;
  seat_id: string | null;
  attendee_name: string | null;
  position: number;
  checked_in_at: string | null;
  /** The signed QR text, stored once signed; null until then (0009-ticket-qr-stored). */
  qr: string | null;
  /** Ten Crockford base32 characters, unique (0011, tickets/short-code.ts); typed at the door. */
  short_code: ColumnType<string | null, string | null | undefined, string | null>;
  /** Whose account holds the ticket after a transfer; null = the buyer (0024). */
  holder_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Signed into the QR from the first transfer on; only the current one is admitted (0024). */
  qr_generation: ColumnType<number, number | undefined, number>;
}

export interface TicketTransfersTable {
  id: string;
  ticket_id: string;
  from_user_id: string | null;
  to_user_id: string | null;
  to_email: string;
  /** The short code the ticket had before this transfer: typed at the door, it answers `not_valid`. */
  old_short_code: string | null;
  old_generation: number;
  created_at: string;
}

export interface PaymentsTable {
  id: string;
  reservation_id: string;
  provider: string;
  kind: 'charge' | 'refund';
  status: 'succeeded' | 'declined' | 'failed';
  amount_cents: number;
  currency: string;
  provider_ref: string | null;
  error: string | null;
  actor_id: string | null;
  created_at: string;
  /** For a refund: the provider reference of the charge it gives back. */
  refund_of: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 for a charge that bought nothing and is owed back (a late or unhonoured payment). */
  refund_owed: ColumnType<number, number | undefined, number>;
}

export interface IdempotencyKeysTable {
  user_id: string;
  scope: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_json: string | null;
  created_at: string;
}

/** The Idempotency-Key of a hold: the reservation it made, or the refusal it was answered with. */
export interface HoldKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  reservation_id: string | null;
  status_code: number | null;
  response_json: string | null;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string;
  reservation_id: string | null;
  created_at: string;
  read_at: string | null;
  /** What the notification is about, as data (0011): `{ key, params }` rendered in the reader's words. */
  params_json: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the real-time layer pushed it (or gave up: too old); null while waiting in the outbox. */
  pushed_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TicketSigningKeysTable {
  /** Key id carried in every QR payload. */
  kid: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  public_key: string;
  created_at: string;
}

export interface CheckinScansTable {
  id: string;
  event_id: string;
  ticket_id: string | null;
  scanned_by: string;
  device: string | null;
  result: CheckinResult;
  created_at: string;
}

/** A scan a device made offline and synced later (0013-offline-checkin). */
export interface CheckinSyncScansTable {
  scan_id: string;
  event_id: string;
  device_id: string;
  ticket_id: string | null;
  scanned_by: string;
  scanned_at: string;
  received_at: string;
  result: CheckinResult;
  conflict: number;
  first_device_id: string | null;
  first_scanned_at: string | null;
}

export interface EmailOutboxTable {
  id: string;
  kind: string;
  to_address: string;
  subject: string;
  body: string;
  reservation_id: string | null;
  attach_tickets: number;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A refund owed: retried with backoff, claimed by one instance at a time, until the provider accepts it. */
export interface RefundQueueTable {
  reservation_id: string;
  provider: string;
  charge_ref: string;
  amount_cents: number;
  currency: string;
  idempotency_key: string;
  attempts: number;
  next_attempt_at: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  done_at: string | null;
}

/** An organizer's webhook (0017); the secret is kept readable because every delivery is signed with it. */
export interface WebhooksTable {
  id: string;
  organizer_id: string;
  url: string;
  /** JSON array of the event types it receives. */
  events_json: string;
  secret: string;
  enabled: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** One event for one hook, from the outbox (0017); `id` is the delivery id, the same on every retry. */
export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  type: string;
  payload_json: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  /** While in the future, an instance is sending it (its claim's lease). */
  claimed_until: string | null;
  last_status_code: number | null;
  last_response_excerpt: string | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
}

/** A question an event asks its buyers or each attendee (0021, questions/questions.ts). */
export interface EventQuestionsTable {
  id: string;
  event_id: string;
  label: string;
  kind: 'text' | 'choice' | 'multi' | 'checkbox' | 'email' | 'phone' | 'date';
  /** JSON array of the choices (choice, multi). */
  options_json: string;
  required: number;
  per_ticket: number;
  /** JSON array of the ticket types it applies to; empty = all. */
  ticket_type_ids_json: string;
  position: number;
  /** Set instead of deleting a question that has answers: hidden, its answers kept. */
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One answer: per order (ticket_id null) or per ticket; `value` as text (0021). */
export interface ReservationAnswersTable {
  reservation_id: string;
  question_id: string;
  ticket_id: string | null;
  value: string;
}

/** The last number issued in one organizer's invoice series for one year (0022). */
export interface InvoiceCountersTable {
  organizer_id: string;
  year: number;
  last_seq: number;
}

/** An invoice or credit note, as issued: everything printed is a snapshot (0022, invoices/issue.ts). */
export interface InvoicesTable {
  id: string;
  organizer_id: string;
  reservation_id: string;
  kind: 'invoice' | 'credit_note';
  year: number;
  seq: number;
  number: string;
  /** The invoice a credit note cancels; null for an invoice. */
  refers_to: string | null;
  currency: string;
  /** Negative for a credit note. */
  net_cents: number;
  tax_cents: number;
  total_cents: number;
  seller_json: string;
  buyer_json: string;
  lines_json: string;
  taxes_json: string;
  locale: string;
  issued_at: string;
}

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

export type WaitlistStatus = 'waiting' | 'offered' | 'fulfilled' | 'expired' | 'cancelled';

/** One person waiting for one ticket type (0023); `reservation_id` is the offer made for it. */
export interface WaitlistEntriesTable {
  id: string;
  event_id: string;
  ticket_type_id: string;
  user_id: string;
  /** Join order within the type, numbered under its counter lock. */
  seq: number;
  quantity: number;
  status: WaitlistStatus;
  reservation_id: string | null;
  offered_at: string | null;
  created_at: string;
  updated_at: string;
}

export type QueuePhase = 'gathering' | 'admitting' | 'sold_out';

/** One event's waiting room (0025): its lock, its draw and how far admission has gone. */
export interface QueueStatesTable {
  event_id: string;
  phase: ColumnType<QueuePhase, QueuePhase | undefined, QueuePhase>;
  next_seq: ColumnType<number, number | undefined, number>;
  /** Hex of the 32-byte seed the draw used (audit: it reproduces the order). */
  seed: ColumnType<string | null, string | null | undefined, string | null>;
  drawn_at: ColumnType<string | null, string | null | undefined, string | null>;
  drawn_count: ColumnType<number, number | undefined, number>;
  placed_through: ColumnType<number, number | undefined, number>;
  admitted_through: ColumnType<number, number | undefined, number>;
  updated_at: string;
}

/** One account's place in one event's waiting room (0025). */
export interface QueueEntriesTable {
  id: string;
  event_id: string;
  user_id: string;
  seq: number;
  position: ColumnType<number | null, number | null | undefined, number | null>;
  status: 'waiting' | 'admitted' | 'sold_out';
  admitted_at: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
}

/** A spent proof-of-work challenge (0025), kept until it would have expired anyway. */
export interface QueueChallengesTable {
  id: string;
  expires_at: string;
}

/** Who runs a singleton loop (0025); expires_at in epoch ms (PostgreSQL reads bigint as a string). */
export interface QueueLeasesTable {
  name: string;
  holder: string;
  expires_at: ColumnType<string | number, number, number>;
}
