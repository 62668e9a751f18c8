/**
 * Accounts: the people who sign in, the links mailed to them, their sessions, and the audit log
 * of who did what.
 */
import type { Locale, Role } from '@iatichet/contracts';
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
