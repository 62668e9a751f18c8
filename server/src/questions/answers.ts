/**
 * Answers to an event's questions: the check of a whole set of answers against the questions and
 * the reservation's tickets, writing them (in the hold's transaction, or replacing them when the
 * buyer edits), and showing them on a reservation.
 *
 * Paths of field errors are `/answers/<questionId>/<ticket index, or "order">` (API.md), also for a
 * required answer that was not sent, so a form can put each message next to its field.
 */
import {
  answerProblem,
  appliesToType,
  isBlankAnswer,
  type Answer,
  type AnswerInput,
  type AnswerValue,
  type Question,
  type QuestionKind,
  type Reservation,
} from '@iatichet/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';

/** One answer ready to write: `ticket` is the index of the ticket in the reservation (null: the order). */
export interface AnswerDraft {
  questionId: string;
  ticket: number | null;
  /** As stored (0021): the text, 'true' for a ticked box, a JSON array for multi. */
  stored: string;
  answer: Answer;
}

export function storedValue(value: AnswerValue): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return Array.isArray(value) ? JSON.stringify(value) : value.trim();
}

export function shownValue(kind: QuestionKind, stored: string): AnswerValue {
  if (kind === 'checkbox') return stored === 'true';
  if (kind === 'multi') {
    try {
      const parsed: unknown = JSON.parse(stored);
      return Array.isArray(parsed) ? parsed.map(String) : [stored];
    } catch {
      return [stored];
    }
  }
  return stored;
}

/**
 * Checks every answer and that every required one is there; answers what to write, or throws one
 * 400 naming every field that is wrong. `ticketTypeIds[i]` is the type of the reservation's ticket i.
 * A blank optional answer is accepted and not written.
 */
export function checkAnswers(questions: Question[], inputs: AnswerInput[], ticketTypeIds: string[]): AnswerDraft[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const fields: { path: string; key: string }[] = [];
  const given = new Set<string>();
  const drafts: AnswerDraft[] = [];
  const refuse = (path: string, problem: string) => fields.push({ path, key: `questions.errors.${problem}` });
  for (const input of inputs) {
    const place = input.ticket === null ? 'order' : String(input.ticket);
    const path = `/answers/${input.questionId}/${place}`;
    const q = byId.get(input.questionId);
    if (given.has(path)) {
      refuse(path, 'duplicateAnswer');
      continue;
    }
    given.add(path);
    if (q === undefined) refuse(path, 'unknownQuestion');
    else if (q.perTicket && input.ticket === null) refuse(path, 'perTicket');
    else if (!q.perTicket && input.ticket !== null) refuse(path, 'perOrder');
    else if (input.ticket !== null && input.ticket >= ticketTypeIds.length) refuse(path, 'ticketOutOfRange');
    else if (!appliesTo(q, input.ticket, ticketTypeIds)) refuse(path, 'notApplicable');
    else {
      const problem = answerProblem(q, input.value);
      if (problem !== null) refuse(path, problem);
      else if (!isBlankAnswer(input.value))
        drafts.push({
          questionId: q.id,
          ticket: input.ticket,
          stored: storedValue(input.value),
          answer: { questionId: q.id, label: q.label, kind: q.kind, value: shownValue(q.kind, storedValue(input.value)) },
        });
    }
  }
  for (const q of questions) {
    if (!q.required) continue;
    const places = q.perTicket ? ticketTypeIds.map((_, i) => i) : [null];
    for (const ticket of places) {
      const path = `/answers/${q.id}/${ticket ?? 'order'}`;
      if (!given.has(path) && appliesTo(q, ticket, ticketTypeIds)) refuse(path, 'required');
    }
  }
  if (fields.length > 0) throw errors.invalid('questions.errors.invalidAnswers', fields);
  // In form order, as a read of the reservation lists them.
  const order = new Map(questions.map((q, i) => [q.id, i]));
  return drafts.sort((a, b) => (order.get(a.questionId) ?? 0) - (order.get(b.questionId) ?? 0));
}

/** A per-ticket question applies to its ticket's type; a per-order one when the order has a ticket it applies to. */
function appliesTo(q: Question, ticket: number | null, ticketTypeIds: string[]): boolean {
  if (ticket !== null) return appliesToType(q, ticketTypeIds[ticket] ?? '');
  return ticketTypeIds.some((typeId) => appliesToType(q, typeId));
}

/** Writes the answers of reservations, in the caller's transaction: new holds (reservations/hold-writes.ts) or an edit. */
export async function insertAnswers(
  trx: Transaction<Database>,
  holds: { id: string; tickets: { id: string }[]; answers?: AnswerDraft[] }[],
): Promise<void> {
  const rows = holds.flatMap((h) =>
    (h.answers ?? []).map((a) => ({
      reservation_id: h.id,
      question_id: a.questionId,
      ticket_id: a.ticket === null ? null : (h.tickets[a.ticket]?.id ?? null),
      value: a.stored,
    })),
  );
  if (rows.length > 0) await trx.insertInto('reservation_answers').values(rows).execute();
}

/**
 * The reservation with its answers: per order on it, per ticket on each ticket. A reservation
 * without any answer is left as it is, so that it reads exactly as the lists show it.
 */
export function withAnswers(
  reservation: Reservation,
  answers: { ticketId: string | null; ticketIndex?: number | null; answer: Answer }[],
): Reservation {
  if (answers.length === 0) return reservation;
  const perTicket = (id: string, i: number) =>
    answers.filter((a) => (a.ticketId !== null && a.ticketId === id) || a.ticketIndex === i).map((a) => a.answer);
  return {
    ...reservation,
    answers: answers.filter((a) => a.ticketId === null && (a.ticketIndex ?? null) === null).map((a) => a.answer),
    tickets: reservation.tickets.map((t, i) => ({ ...t, answers: perTicket(t.id, i) })),
  };
}

/** A new hold's answer with the answers it wrote (nothing is read back). */
export const withDraftAnswers = (reservation: Reservation, drafts: AnswerDraft[] | undefined): Reservation =>
  withAnswers(
    reservation,
    (drafts ?? []).map((d) => ({ ticketId: null, ticketIndex: d.ticket, answer: d.answer })),
  );

/** The stored answers of some reservations, with their questions' labels (hidden questions too). */
export async function readAnswers(db: Kysely<Database>, reservationIds: string[]) {
  if (reservationIds.length === 0) return [];
  const rows = await db
    .selectFrom('reservation_answers as a')
    .innerJoin('event_questions as q', 'q.id', 'a.question_id')
    .select(['a.reservation_id', 'a.ticket_id', 'a.value', 'q.id', 'q.label', 'q.kind'])
    .where('a.reservation_id', 'in', reservationIds)
    .orderBy('q.position')
    .orderBy('q.created_at')
    .execute();
  return rows.map((r) => ({
    reservationId: r.reservation_id,
    ticketId: r.ticket_id,
    answer: { questionId: r.id, label: r.label, kind: r.kind, value: shownValue(r.kind, r.value) },
  }));
}

/** One reservation as the API answers it, with its answers read from the database. */
export async function answeredReservation(db: Kysely<Database>, reservation: Reservation): Promise<Reservation> {
  return withAnswers(reservation, await readAnswers(db, [reservation.id]));
}
