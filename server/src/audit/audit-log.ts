/** The audit log: every admin action, with who, what, which record, before and after, and when. */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditQuery, Page } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { nowIso } from '../db/dialect.js';
import { actingTokenId } from '../platform/acting-token.js';
import type { CursorCodec } from '../platform/cursor.js';
import { organizerOfRecord, RECORD_KINDS, type RecordKind } from './record-organizer.js';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  /** The API token that acted (audit_log.token_id); omitted: the one the request acts with, if any. */
  tokenId?: string | null;
  /**
   * The organizer whose record this concerns. Omitted: found from the venue, event, reservation or
   * ticket named by entityType/entityId (null for site-wide records such as users).
   */
  organizerId?: string | null;
}

/** The organizer of the record an entry names, so that each team sees the entries of its own records. */
async function organizerOfEntity(db: Kysely<Database>, record: AuditRecord): Promise<string | null> {
  if (record.organizerId !== undefined) return record.organizerId;
  if (record.entityId === null || !RECORD_KINDS.includes(record.entityType)) return null;
  return (await organizerOfRecord(db, record.entityType as RecordKind, record.entityId)) ?? null;
}

/** Writes one entry; pass the transaction that made the change so both commit or neither does. */
export async function recordAudit(db: Kysely<Database>, record: AuditRecord): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: randomUUID(),
      actor_id: record.actorId,
      action: record.action,
      entity_type: record.entityType,
      entity_id: record.entityId,
      before_json: record.before === undefined ? null : JSON.stringify(record.before),
      after_json: record.after === undefined ? null : JSON.stringify(record.after),
      ip: record.ip ?? null,
      token_id: record.tokenId ?? actingTokenId() ?? null,
      organizer_id: await organizerOfEntity(db, record),
      created_at: nowIso(),
    })
    .execute();
}

/**
 * The entries of the organizers in scope ('all': every entry, for a site admin). Of those about a
 * team's members (entity 'user': invited, role changed, removed), only the ones of the organizers
 * in `teams`, those the caller owns: the team is its owners' business (API.md), as its list is.
 */
export async function listAudit(
  db: Kysely<Database>,
  cursors: CursorCodec,
  query: AuditQuery,
  organizers: 'all' | string[] = 'all',
  teams: 'all' | string[] = organizers,
): Promise<Page<AuditEntry>> {
  if (organizers !== 'all' && organizers.length === 0) return { items: [], nextCursor: null };
  const limit = query.limit ?? 20;
  const after = query.cursor === undefined ? undefined : Number(cursors.decode(query.cursor, 1)[0]);
  const rows = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select([
      'a.seq',
      'a.id',
      'a.actor_id',
      'a.action',
      'a.entity_type',
      'a.entity_id',
      'a.before_json',
      'a.after_json',
      'a.ip',
      'a.created_at',
      'u.email',
      'u.name',
    ])
    .$if(organizers !== 'all', (q) => q.where('a.organizer_id', 'in', organizers as string[]))
    .$if(teams !== 'all', (q) =>
      q.where((eb) =>
        teams.length === 0
          ? eb('a.entity_type', '!=', 'user')
          : eb.or([eb('a.entity_type', '!=', 'user'), eb('a.organizer_id', 'in', teams as string[])]),
      ),
    )
    .$if(query.actorId !== undefined, (q) => q.where('a.actor_id', '=', query.actorId ?? ''))
    .$if(query.action !== undefined, (q) => q.where('a.action', '=', query.action ?? ''))
    .$if(query.entityType !== undefined, (q) => q.where('a.entity_type', '=', query.entityType ?? ''))
    .$if(query.entityId !== undefined, (q) => q.where('a.entity_id', '=', query.entityId ?? ''))
    .$if(query.from !== undefined, (q) => q.where('a.created_at', '>=', new Date(query.from ?? 0).toISOString()))
    .$if(query.to !== undefined, (q) => q.where('a.created_at', '<', new Date(query.to ?? 0).toISOString()))
    .$if(after !== undefined && Number.isFinite(after), (q) => q.where('a.seq', '<', after ?? 0))
    .orderBy('a.seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      actor: r.actor_id !== null && r.email !== null && r.name !== null ? { id: r.actor_id, email: r.email, name: r.name } : null,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      before: r.before_json === null ? null : (JSON.parse(r.before_json) as unknown),
      after: r.after_json === null ? null : (JSON.parse(r.after_json) as unknown),
      ip: r.ip,
      createdAt: r.created_at,
    })),
    nextCursor: rows.length > limit && last !== undefined ? cursors.encode([last.seq]) : null,
  };
}
