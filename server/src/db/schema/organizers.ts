/** Organizers: who sells, their teams and API tokens, and the webhooks their systems are told through. */
import type { ColumnType } from 'kysely';

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
