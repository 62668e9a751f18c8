/**
 * An event's questions on the web: the query every feature reads them with (checkout, the
 * reservation page, the admin pages), the form's values and the same checks the server runs
 * (`answerProblem` from the contracts), so a form refuses what the server would refuse.
 *
 * Form values are keyed by place, `<questionId>/<ticket index or "order">`: the tail of the
 * server's error path `/answers/<questionId>/<place>`, so its field errors land on their fields.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import i18next from 'i18next';
import {
  answerProblem,
  appliesToType,
  isBlankAnswer,
  type AnswerInput,
  type AnswerValue,
  type CatalogEvent,
  type EventSeat,
  type Question,
  type Reservation,
} from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';
import type { TicketSelection } from '@/lib/ticket-selection';

export type AnswerValues = Readonly<Record<string, AnswerValue>>;

export const placeOf = (questionId: string, ticket: number | null) => `${questionId}/${ticket ?? 'order'}`;

/**
 * Who reads the questions of hidden ticket types, which the server lists only to the team, to the
 * holder of an access code that unlocks them (the checkout's `code`) and to the buyer of one (the
 * reservation being edited).
 */
export interface QuestionsFor {
  code?: string;
  reservation?: string;
}

export function eventQuestionsQueryOptions(eventId: string, by: QuestionsFor = {}) {
  const params = new URLSearchParams();
  if (by.code !== undefined) params.set('code', by.code);
  if (by.reservation !== undefined) params.set('reservation', by.reservation);
  const query = params.toString() === '' ? '' : `?${params.toString()}`;
  return queryOptions({
    // Without a caller the key is the list's own prefix, so the team's changes refresh every variant.
    queryKey:
      by.code === undefined && by.reservation === undefined
        ? ['events', 'questions', eventId]
        : ['events', 'questions', eventId, by],
    queryFn: ({ signal }) => api.get<Question[]>(`/api/events/${encodeURIComponent(eventId)}/questions${query}`, { signal }),
  });
}

/** GET /api/events/:id/questions: the live questions in form order. */
export function useEventQuestions(eventId: string, enabled = true, by: QuestionsFor = {}) {
  return useQuery({ ...eventQuestionsQueryOptions(eventId, by), enabled });
}

/**
 * The ticket type of each ticket the selection will make, in the server's ticket order: general
 * admission in the order the request lists the types (toReservationRequest), seats in map order.
 */
export function selectionTicketTypes(
  event: Pick<CatalogEvent, 'ticketTypes'>,
  selection: TicketSelection,
  seats: readonly Pick<EventSeat, 'id' | 'category'>[],
): string[] {
  if (selection.kind === 'reserved') {
    const chosen = new Set(selection.seatIds);
    return seats
      .filter((seat) => chosen.has(seat.id))
      .map((seat) => event.ticketTypes.find((type) => type.seatCategory === seat.category)?.id ?? '');
  }
  return Object.entries(selection.quantities).flatMap(([typeId, quantity]) =>
    Array.from({ length: Math.max(0, quantity) }, () => typeId),
  );
}

/** The places a form asks: every per-order question that applies, every per-ticket one per ticket it applies to. */
export interface AskedPlace {
  question: Question;
  ticket: number | null;
}

export function askedPlaces(questions: readonly Question[], ticketTypeIds: readonly string[]): AskedPlace[] {
  return questions.flatMap((question): AskedPlace[] =>
    question.perTicket
      ? ticketTypeIds.flatMap((typeId, ticket) => (appliesToType(question, typeId) ? [{ question, ticket }] : []))
      : ticketTypeIds.some((typeId) => appliesToType(question, typeId))
        ? [{ question, ticket: null }]
        : [],
  );
}

/** The form's own check, by place (empty when it may be sent). */
export function answerErrors(
  questions: readonly Question[],
  values: AnswerValues,
  ticketTypeIds: readonly string[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { question, ticket } of askedPlaces(questions, ticketTypeIds)) {
    const place = placeOf(question.id, ticket);
    const problem = answerProblem(question, values[place]);
    if (problem !== null) errors[place] = i18next.t(`questions:errors.${problem}`);
  }
  return errors;
}

/** What the server is sent: the answered places only. */
export function toAnswerInputs(
  questions: readonly Question[],
  values: AnswerValues,
  ticketTypeIds: readonly string[],
): AnswerInput[] {
  return askedPlaces(questions, ticketTypeIds).flatMap(({ question, ticket }) => {
    const value = values[placeOf(question.id, ticket)];
    return value === undefined || isBlankAnswer(value) ? [] : [{ questionId: question.id, ticket, value }];
  });
}

/** The server's field errors under /answers/, by place. */
export function serverAnswerErrors(error: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!isApiError(error)) return errors;
  for (const { path, message } of error.fieldErrors) {
    const match = /^\/answers\/(.+)$/.exec(path);
    if (match?.[1] !== undefined) errors[match[1]] ??= message;
  }
  return errors;
}

/** A reservation's answers as form values, to edit them. */
export function reservationAnswerValues(reservation: Reservation): Record<string, AnswerValue> {
  const values: Record<string, AnswerValue> = {};
  for (const answer of reservation.answers ?? []) values[placeOf(answer.questionId, null)] = answer.value;
  reservation.tickets.forEach((ticket, index) => {
    for (const answer of ticket.answers ?? []) values[placeOf(answer.questionId, index)] = answer.value;
  });
  return values;
}

/** An answer as a person reads it: yes/no, options joined. */
export function answerText(value: AnswerValue): string {
  if (typeof value === 'boolean') return i18next.t(value ? 'questions:yes' : 'questions:no');
  return Array.isArray(value) ? value.join(', ') : value;
}
