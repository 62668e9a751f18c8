/**
 * The answers in the attendee exports (tickets/attendee-exports.ts): one column per question, in
 * form order, then the hidden (deleted) questions that were answered. A ticket's row shows its
 * attendee's answer, and every row of an order shows the order's answers. Read a page of tickets
 * at a time, like the export itself, so an event of any size never sits in memory whole.
 */
import type { Locale } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { translate } from '../platform/i18n.js';
import type { TicketRow } from '../tickets/ticket-rows.js';
import { shownValue } from './answers.js';
import { listQuestions } from './questions.js';

const PAGE = 500;

export interface AnswerColumns {
  labels: string[];
  /** The tickets with `answerCells` set, one cell per label. */
  withCells(rows: AsyncIterable<TicketRow>): AsyncGenerator<TicketRow>;
}

export async function answerColumns(db: Kysely<Database>, eventId: string, locale: Locale): Promise<AnswerColumns> {
  const all = await listQuestions(db, eventId, true);
  const deleted = all.filter((q) => q.deleted_at !== null).map((q) => q.id);
  const answered =
    deleted.length === 0
      ? new Set<string>()
      : new Set(
          (
            await db
              .selectFrom('reservation_answers')
              .select('question_id')
              .distinct()
              .where('question_id', 'in', deleted)
              .execute()
          ).map((r) => r.question_id),
        );
  const questions = [...all.filter((q) => q.deleted_at === null), ...all.filter((q) => answered.has(q.id))];
  const text = (kind: (typeof questions)[number]['kind'], stored: string) => {
    const value = shownValue(kind, stored);
    if (typeof value === 'boolean') return translate(locale, value ? 'questions.yes' : 'questions.no');
    return Array.isArray(value) ? value.join('; ') : value;
  };

  async function* withCells(rows: AsyncIterable<TicketRow>): AsyncGenerator<TicketRow> {
    let page: TicketRow[] = [];
    const flush = async function* () {
      const ids = [...new Set(page.map((t) => t.reservationId))];
      const answers =
        questions.length === 0 || ids.length === 0
          ? []
          : await db
              .selectFrom('reservation_answers')
              .select(['reservation_id', 'question_id', 'ticket_id', 'value'])
              .where('reservation_id', 'in', ids)
              .execute();
      // Keyed by ticket for a ticket's answers, by reservation for the order's.
      const byPlace = new Map(answers.map((a) => [`${a.ticket_id ?? a.reservation_id}/${a.question_id}`, a.value]));
      for (const t of page) {
        const answerCells = questions.map((q) => {
          const stored = byPlace.get(`${t.id}/${q.id}`) ?? byPlace.get(`${t.reservationId}/${q.id}`);
          return stored === undefined ? '' : text(q.kind, stored);
        });
        yield { ...t, answerCells };
      }
      page = [];
    };
    for await (const t of rows) {
      page.push(t);
      if (page.length >= PAGE) yield* flush();
    }
    yield* flush();
  }

  return { labels: questions.map((q) => q.label), withCells };
}
