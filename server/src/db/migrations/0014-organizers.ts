/**
 * Organizers, their teams and their API tokens (issue 17).
 *
 * - organizers: who sells. Their legal details (legal_name, address, vat_id, invoice_prefix) are
 *   what invoices print; embed_origins_json lists the sites that may frame the organizer's events.
 *   is_default marks the one organizer every installation has: made here, so that every venue and
 *   event from before this migration belongs to it. Its name is 'iaTichet' until the app, at start,
 *   names it from ORGANIZER_NAME (organizers/default-organizer.ts).
 * - organizer_members: a user's role in one organizer's team: owner, manager or checkin.
 * - api_tokens: a token is stored only as the SHA-256 of its secret; revoked_at ends it.
 * - venues.organizer_id and events.organizer_id: not null. SQLite can only add a not-null column
 *   with a constant default, so the column's default there is the default organizer's id (rows the
 *   app writes always name their organizer); PostgreSQL drops the default once existing rows have it.
 *   SQLite refuses a REFERENCES clause on an added column whose default is not null, so there the
 *   link is kept by the app (an organizer with venues or events is never deleted) and PostgreSQL
 *   enforces it with a foreign key.
 * - audit_log.organizer_id and token_id: whose record an entry concerns (scopes the audit view) and
 *   which API token acted, when one did.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const dialect = dialectOf(db);
  const t = columnTypes(dialect);
  await db.schema
    .createTable('organizers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('legal_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('vat_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('invoice_prefix', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('embed_origins_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_default', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`is_default in (0, 1)`),
    )
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  // At most one default organizer, whatever races at start.
  await db.schema
    .createIndex('organizers_one_default_idx')
    .unique()
    .on('organizers')
    .column('is_default')
    .where(sql.ref('is_default'), '=', 1)
    .execute();

  const defaultId = randomUUID();
  const now = new Date().toISOString();
  await sql`insert into organizers (id, name, slug, is_default, created_at, updated_at)
            values (${defaultId}, 'iaTichet', 'iatichet', 1, ${now}, ${now})`.execute(db);

  await db.schema
    .createTable('organizer_members')
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('owner', 'manager', 'checkin')`))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addPrimaryKeyConstraint('organizer_members_pk', ['organizer_id', 'user_id'])
    .execute();
  await db.schema.createIndex('organizer_members_user_idx').on('organizer_members').column('user_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organizer_id', 'text', (c) => c.notNull().references('organizers.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('scopes_json', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('last_used_at', t.timestamp)
    .addColumn('revoked_at', t.timestamp)
    .execute();
  await db.schema.createIndex('api_tokens_organizer_idx').on('api_tokens').column('organizer_id').execute();

  for (const table of ['venues', 'events'] as const) {
    await db.schema
      .alterTable(table)
      .addColumn('organizer_id', 'text', (c) => {
        const col = c.notNull().defaultTo(defaultId);
        return dialect === 'postgres' ? col.references('organizers.id').onDelete('restrict') : col;
      })
      .execute();
    if (dialect === 'postgres') {
      await sql`alter table ${sql.table(table)} alter column organizer_id drop default`.execute(db);
    }
    await db.schema.createIndex(`${table}_organizer_idx`).on(table).column('organizer_id').execute();
  }

  await db.schema
    .alterTable('audit_log')
    .addColumn('organizer_id', 'text', (c) => c.references('organizers.id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('audit_log')
    .addColumn('token_id', 'text', (c) => c.references('api_tokens.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('audit_organizer_idx').on('audit_log').columns(['organizer_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('audit_organizer_idx').execute();
  await db.schema.alterTable('audit_log').dropColumn('token_id').execute();
  await db.schema.alterTable('audit_log').dropColumn('organizer_id').execute();
  for (const table of ['events', 'venues'] as const) {
    await db.schema.dropIndex(`${table}_organizer_idx`).execute();
    await db.schema.alterTable(table).dropColumn('organizer_id').execute();
  }
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('organizer_members').execute();
  await db.schema.dropTable('organizers').execute();
}
