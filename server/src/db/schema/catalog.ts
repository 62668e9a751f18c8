/** The catalog: venues, events, their ticket types and seats, the search index, and the questions an event asks. */
import type { EventStatus, SeatStatus, Seating } from '@iatichet/contracts';
import type { ColumnType } from 'kysely';

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
