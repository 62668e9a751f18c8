/**
 * The answers a hold carries (reservations/hold.ts), checked before its transaction and written in
 * it (hold-writes.ts calls insertAnswers).
 *
 * Why no cache: the hold's first read (hold.ts readEvent) already answers whether the event has
 * live questions, with an `exists` in the same statement, so an event without questions costs
 * the flash-sale path no round trip at all; only an event that asks something reads its questions,
 * once per hold. A per-event cache would save that read but could let a hold on another instance
 * miss a required question added a moment before, and its invalidation would need the pub/sub.
 */
import type { AnswerInput } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { checkAnswers, type AnswerDraft } from './answers.js';
import { listQuestions, toQuestion } from './questions.js';

export async function answersOfHold(
  db: Kysely<Database>,
  eventId: string,
  hasQuestions: boolean,
  inputs: AnswerInput[] | undefined,
  lines: { ticketTypeId: string }[],
): Promise<AnswerDraft[]> {
  if (!hasQuestions && (inputs === undefined || inputs.length === 0)) return [];
  const questions = hasQuestions ? (await listQuestions(db, eventId)).map(toQuestion) : [];
  return checkAnswers(
    questions,
    inputs ?? [],
    lines.map((l) => l.ticketTypeId),
  );
}
