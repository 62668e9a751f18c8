/**
 * Refunds that cannot be lost or abused.
 *
 * - events.refund_policy: 'default' (48 h before starts_at, so it follows a new start time),
 *   'until' (refund_until, set by an admin) or 'none'. Existing events keep the default.
 * - reservations.status gains 'refund_pending'. PostgreSQL alters the CHECK; SQLite cannot, so the
 *   table is rebuilt from its own stored definition (whatever columns earlier migrations added)
 *   with foreign keys off, since tickets, items and payments cascade from it, and every index is
 *   recreated. Kysely runs SQLite migrations outside a transaction, which that PRAGMA needs; the
 *   copy itself runs in one transaction and is checked with foreign_key_check before it commits.
 * - refund_queue: one row per refund owed, retried with backoff until the provider accepts it.
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

const OLD_STATUSES = `'pending_payment', 'paid', 'cancelled', 'expired', 'refunded'`;
const NEW_STATUSES = `${OLD_STATUSES}, 'refund_pending'`;

async function setStatusCheck(db: Kysely<unknown>, from: string, to: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    const { rows } = await sql<{ name: string }>`
      select conname as name from pg_constraint
      where conrelid = 'reservations'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%pending_payment%'`.execute(
      db,
    );
    for (const { name } of rows) await sql`alter table reservations drop constraint ${sql.id(name)}`.execute(db);
    await sql`alter table reservations add constraint reservations_status_check check (status in (${sql.raw(to)}))`.execute(db);
    return;
  }
  await rebuildSqliteReservations(db, (definition) => {
    const changed = definition.replace(`status in (${from})`, `status in (${to})`);
    if (changed === definition) throw new Error(`reservations: no status check "${from}" to change`);
    return changed;
  });
}

async function rebuildSqliteReservations(db: Kysely<unknown>, change: (definition: string) => string): Promise<void> {
  const { rows } = await sql<{ type: string; sql: string }>`
    select type, sql from sqlite_master where tbl_name = 'reservations' and sql is not null`.execute(db);
  const table = rows.find((r) => r.type === 'table');
  if (table === undefined) throw new Error('reservations table not found');
  const indexes = rows.filter((r) => r.type === 'index').map((r) => r.sql);
  const definition = change(table.sql).replace(/^create table\s+"?reservations"?/i, 'create table "reservations_rebuild"');
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql.raw(definition).execute(trx);
      await sql`insert into reservations_rebuild select * from reservations`.execute(trx);
      await sql`drop table reservations`.execute(trx);
      await sql`alter table reservations_rebuild rename to reservations`.execute(trx);
      for (const index of indexes) await sql.raw(index).execute(trx);
      const broken = await sql`pragma foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) throw new Error(`reservations rebuild broke ${broken.rows.length} foreign keys`);
    });
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .alterTable('events')
    .addColumn('refund_policy', 'text', (c) =>
      c
        .notNull()
        .defaultTo('default')
        .check(sql`refund_policy in ('default', 'until', 'none')`),
    )
    .execute();
  await db.schema.alterTable('events').addColumn('refund_until', t.timestamp).execute();

  await setStatusCheck(db, OLD_STATUSES, NEW_STATUSES);

  await db.schema
    .createTable('refund_queue')
    .addColumn('reservation_id', 'text', (c) => c.primaryKey().references('reservations.id').onDelete('cascade'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('charge_ref', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull().check(sql`amount_cents >= 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', t.timestamp, (c) => c.notNull())
    .addColumn('locked_until', t.timestamp)
    .addColumn('last_error', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('done_at', t.timestamp)
    .execute();
  await db.schema
    .createIndex('refund_queue_due_idx')
    .on('refund_queue')
    .column('next_attempt_at')
    .where(sql.ref('done_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refund_queue').execute();
  // Going back, a refund still owed reads as cancelled: the old schema has no word for it.
  await sql`update reservations set status = 'cancelled' where status = 'refund_pending'`.execute(db);
  await setStatusCheck(db, NEW_STATUSES, OLD_STATUSES);
  await db.schema.alterTable('events').dropColumn('refund_until').execute();
  await db.schema.alterTable('events').dropColumn('refund_policy').execute();
}
