/**
 * An event's questions: read, create, change, reorder and delete, each change audited in its
 * transaction. Every write locks the event row first (the lock order of reservations/inventory.ts:
 * the event row comes before anything else), so concurrent creations cannot pass the per-event
 * limit together or take the same position.
 *
 * Deleting never removes the row: it sets `deleted_at`, which hides the question from the form,
 * the public list and validation. A hold that read the question a moment earlier may still be
 * writing an answer to it, and answers already given stay in the admin view and the exports
 * under the question's label.
 */
import { randomUUID } from 'node:crypto';
import { QUESTION_LIMITS, type Question, type QuestionInput, type QuestionPatch } from '@iatichet/contracts';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { dialectOf, nowIso } from '../db/dialect.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database, EventQuestionsTable } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';

export type QuestionRow = Selectable<EventQuestionsTable>;

export const questionNotFound = () => AppError.worded('not_found', { key: 'questions.notFound' });

export function toQuestion(r: QuestionRow): Question {
  return {
    id: r.id,
    label: r.label,
    kind: r.kind,
    options: JSON.parse(r.options_json) as string[],
    required: r.required === 1,
    perTicket: r.per_ticket === 1,
    ticketTypeIds: JSON.parse(r.ticket_type_ids_json) as string[],
    position: r.position,
  };
}

/** The event's live questions in form order (`withDeleted`: also the hidden ones, for answers already given). */
export async function listQuestions(db: Kysely<Database>, eventId: string, withDeleted = false): Promise<QuestionRow[]> {
  return db
    .selectFrom('event_questions')
    .selectAll()
    .where('event_id', '=', eventId)
    .$if(!withDeleted, (q) => q.where('deleted_at', 'is', null))
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

export interface Actor {
  id: string | null;
  ip: string;
  organizerId: string;
}

/** Locks the event row (PostgreSQL) so that the event's question writes go one at a time. */
async function lockEvent(trx: Transaction<Database>, eventId: string): Promise<void> {
  const row = await trx
    .selectFrom('events')
    .select('id')
    .where('id', '=', eventId)
    .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  if (row === undefined) throw errors.notFound('event');
}

/** A label that is not blank once trimmed; options only for the kinds that have them; the ticket types must be the event's. */
async function checkedFields(trx: Transaction<Database>, eventId: string, q: Question): Promise<Question> {
  // The schema's minLength counts spaces: "   " would be a field with no question above it.
  if (q.label.trim() === '')
    throw errors.invalid('questions.errors.invalidQuestion', [{ path: '/label', key: 'questions.errors.labelRequired' }]);
  const hasOptions = q.kind === 'choice' || q.kind === 'multi';
  const options = hasOptions ? q.options.map((o) => o.trim()) : [];
  if (hasOptions && (options.length === 0 || options.some((o) => o === '')))
    throw errors.invalid('questions.errors.invalidQuestion', [{ path: '/options', key: 'questions.errors.optionsRequired' }]);
  if (new Set(options).size !== options.length)
    throw errors.invalid('questions.errors.invalidQuestion', [{ path: '/options', key: 'questions.errors.duplicate' }]);
  const typeIds = [...new Set(q.ticketTypeIds)];
  if (typeIds.length > 0) {
    const found = await trx
      .selectFrom('ticket_types')
      .select('id')
      .where('event_id', '=', eventId)
      .where('id', 'in', typeIds)
      .execute();
    if (found.length !== typeIds.length)
      throw errors.invalid('questions.errors.invalidQuestion', [{ path: '/ticketTypeIds', key: 'questions.errors.unknownType' }]);
  }
  return { ...q, label: q.label.trim(), options, ticketTypeIds: typeIds };
}

const columnsOf = (q: Question) => ({
  label: q.label,
  kind: q.kind,
  options_json: JSON.stringify(q.options),
  required: q.required ? 1 : 0,
  per_ticket: q.perTicket ? 1 : 0,
  ticket_type_ids_json: JSON.stringify(q.ticketTypeIds),
});

export async function createQuestion(
  db: Kysely<Database>,
  actor: Actor,
  eventId: string,
  input: QuestionInput,
): Promise<Question> {
  return inTransaction(db, async (trx) => {
    await lockEvent(trx, eventId);
    const live = await listQuestions(trx, eventId);
    if (live.length >= QUESTION_LIMITS.questions)
      throw new AppError('limit_exceeded', `An event may ask at most ${QUESTION_LIMITS.questions} questions.`);
    const question = await checkedFields(trx, eventId, {
      id: randomUUID(),
      label: input.label,
      kind: input.kind,
      options: input.options ?? [],
      required: input.required ?? false,
      perTicket: input.perTicket ?? false,
      ticketTypeIds: input.ticketTypeIds ?? [],
      position: (live.at(-1)?.position ?? -1) + 1,
    });
    const now = nowIso();
    await trx
      .insertInto('event_questions')
      .values({
        id: question.id,
        event_id: eventId,
        ...columnsOf(question),
        position: question.position,
        deleted_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      organizerId: actor.organizerId,
      action: 'question.create',
      entityType: 'event',
      entityId: eventId,
      after: question,
      ip: actor.ip,
    });
    return question;
  });
}

async function liveQuestion(trx: Transaction<Database>, eventId: string, questionId: string): Promise<QuestionRow> {
  const row = await trx
    .selectFrom('event_questions')
    .selectAll()
    .where('id', '=', questionId)
    .where('event_id', '=', eventId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) throw questionNotFound();
  return row;
}

export async function updateQuestion(
  db: Kysely<Database>,
  actor: Actor,
  eventId: string,
  questionId: string,
  patch: QuestionPatch,
): Promise<Question> {
  return inTransaction(db, async (trx) => {
    await lockEvent(trx, eventId);
    const before = toQuestion(await liveQuestion(trx, eventId, questionId));
    const after = await checkedFields(trx, eventId, { ...before, ...patch });
    // Answers are stored as the kind and place (per ticket or per order) they were given for: a
    // text read back as a date, or an order's answer as a ticket's, would be another answer.
    if ((after.kind !== before.kind || after.perTicket !== before.perTicket) && (await isAnswered(trx, questionId)))
      throw AppError.worded('conflict', { key: 'questions.errors.answered' });
    await trx
      .updateTable('event_questions')
      .set({ ...columnsOf(after), updated_at: nowIso() })
      .where('id', '=', questionId)
      .execute();
    await recordAudit(trx, {
      actorId: actor.id,
      organizerId: actor.organizerId,
      action: 'question.update',
      entityType: 'event',
      entityId: eventId,
      before,
      after,
      ip: actor.ip,
    });
    return after;
  });
}

async function isAnswered(trx: Transaction<Database>, questionId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('reservation_answers')
    .select('question_id')
    .where('question_id', '=', questionId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Hides the question (see the header); its answers stay. */
export async function deleteQuestion(db: Kysely<Database>, actor: Actor, eventId: string, questionId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    await lockEvent(trx, eventId);
    const before = toQuestion(await liveQuestion(trx, eventId, questionId));
    const now = nowIso();
    await trx.updateTable('event_questions').set({ deleted_at: now, updated_at: now }).where('id', '=', questionId).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      organizerId: actor.organizerId,
      action: 'question.delete',
      entityType: 'event',
      entityId: eventId,
      before,
      ip: actor.ip,
    });
  });
}

/** Puts the live questions in the order given, which must name each of them exactly once. */
export async function reorderQuestions(
  db: Kysely<Database>,
  actor: Actor,
  eventId: string,
  questionIds: string[],
): Promise<Question[]> {
  return inTransaction(db, async (trx) => {
    await lockEvent(trx, eventId);
    const live = await listQuestions(trx, eventId);
    const known = new Set(live.map((q) => q.id));
    if (
      new Set(questionIds).size !== questionIds.length ||
      questionIds.length !== known.size ||
      questionIds.some((id) => !known.has(id))
    )
      throw errors.invalid('questions.errors.invalidOrder', [{ path: '/questionIds', key: 'questions.errors.invalidOrder' }]);
    const now = nowIso();
    for (const [position, id] of questionIds.entries())
      await trx.updateTable('event_questions').set({ position, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(trx, {
      actorId: actor.id,
      organizerId: actor.organizerId,
      action: 'question.reorder',
      entityType: 'event',
      entityId: eventId,
      before: live.map((q) => q.id),
      after: questionIds,
      ip: actor.ip,
    });
    return (await listQuestions(trx, eventId)).map(toQuestion);
  });
}
