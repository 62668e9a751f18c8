/**
 * The buyer edits the answers of their reservation until the event starts: the whole set is
 * checked as at the hold (against the questions as they are now) and replaces the one before, in
 * one transaction that first locks the reservation row, so two edits at once apply one after the
 * other and never mix. Only a held or paid reservation is edited; after the start, or once one of
 * its tickets is checked in, 409.
 */
import type { AnswerInput } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { dialectOf, nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import { checkAnswers, insertAnswers } from './answers.js';
import { listQuestions, toQuestion } from './questions.js';

export async function replaceAnswers(
  db: Kysely<Database>,
  userId: string,
  reservationId: string,
  inputs: AnswerInput[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    // The reservation row alone is locked (nothing of the inventory), so this cannot deadlock with a hold or payment.
    const row = await trx
      .selectFrom('reservations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .select(['r.id', 'r.user_id', 'r.status', 'r.event_id', 'e.starts_at'])
      .where('r.id', '=', reservationId)
      .$if(dialectOf(trx) === 'postgres', (q) => q.forUpdate('r'))
      .executeTakeFirst();
    // Someone else's reservation is 404, as every buyer route answers it.
    if (row === undefined || row.user_id !== userId) throw errors.notFound('reservation');
    if (row.status !== 'pending_payment' && row.status !== 'paid')
      throw AppError.worded('conflict', { key: 'questions.errors.closed' });
    if (Date.parse(row.starts_at) <= Date.parse(nowIso())) throw AppError.worded('conflict', { key: 'questions.errors.started' });
    const tickets = await trx
      .selectFrom('tickets')
      .select(['id', 'ticket_type_id', 'checked_in_at'])
      .where('reservation_id', '=', row.id)
      .orderBy('position')
      .execute();
    // Doors open before the start: answers seen at the door stay as they were (a check-in waits
    // for the reservation row locked above, so one that committed first is seen here).
    if (tickets.some((t) => t.checked_in_at !== null)) throw AppError.worded('conflict', { key: 'questions.errors.checkedIn' });
    const questions = (await listQuestions(trx, row.event_id)).map(toQuestion);
    const drafts = checkAnswers(
      questions,
      inputs,
      tickets.map((t) => t.ticket_type_id),
    );
    // Answers to hidden (deleted) questions stay: they are no longer asked, so no edit replaces them.
    if (questions.length > 0)
      await trx
        .deleteFrom('reservation_answers')
        .where('reservation_id', '=', row.id)
        .where(
          'question_id',
          'in',
          questions.map((q) => q.id),
        )
        .execute();
    await insertAnswers(trx, [{ id: row.id, tickets, answers: drafts }]);
  });
}
