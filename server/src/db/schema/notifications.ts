/** What a person is told: notifications in the app and the outbox of mail. */
import type { ColumnType } from 'kysely';

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
