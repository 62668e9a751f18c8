/**
 * Questions for buyers and attendees (issue 18).
 *
 * - event_questions: what an event asks. `options_json` (choice/multi) and `ticket_type_ids_json`
 *   (empty = every type) are JSON arrays; `position` orders the form. A question that already has
 *   answers is never deleted: `deleted_at` hides it from the form and from validation while its
 *   answers stay readable in the admin view and the exports (questions/questions.ts).
 * - reservation_answers: one value per (reservation, question, ticket), `ticket_id` null for a
 *   question asked once per order. `value` is the answer as text: the string itself, 'true' or
 *   'false' for a checkbox, a JSON array for multi. The unique index keeps one answer per place
 *   (coalesce: a null ticket is one place, the order's).
 */
import { sql, type Kysely } from 'kysely';
import { columnTypes, dialectOf } from '../dialect.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(dialectOf(db));
  await db.schema
    .createTable('event_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('text', 'choice', 'multi', 'checkbox', 'email', 'phone', 'date')`),
    )
    .addColumn('options_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('required', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`required in (0, 1)`),
    )
    .addColumn('per_ticket', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`per_ticket in (0, 1)`),
    )
    .addColumn('ticket_type_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('deleted_at', t.timestamp)
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .addColumn('updated_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_questions_event_idx').on('event_questions').columns(['event_id', 'position']).execute();

  await db.schema
    .createTable('reservation_answers')
    .addColumn('reservation_id', 'text', (c) => c.notNull().references('reservations.id').onDelete('cascade'))
    .addColumn('question_id', 'text', (c) => c.notNull().references('event_questions.id').onDelete('cascade'))
    .addColumn('ticket_id', 'text', (c) => c.references('tickets.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await sql`create unique index reservation_answers_place_idx
    on reservation_answers (reservation_id, question_id, coalesce(ticket_id, ''))`.execute(db);
  // The admin list's answer filter looks answers up by question.
  await db.schema.createIndex('reservation_answers_question_idx').on('reservation_answers').column('question_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reservation_answers').execute();
  await db.schema.dropTable('event_questions').execute();
}
