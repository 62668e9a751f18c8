/**
 * The checkout's questions step: the event's questions, the answers typed so far (by place, see
 * lib/event-questions.ts), the form's own check at submit and the server's field errors, each
 * message gone once its field is edited.
 */
import { useState } from 'react';
import i18next from 'i18next';
import type { AnswerValue, CatalogEvent, EventSeat } from '@iatichet/contracts';
import { answerErrors, selectionTicketTypes, toAnswerInputs, useEventQuestions, type AnswerValues } from '@/lib/event-questions';
import type { TicketSelection } from '@/lib/ticket-selection';
import { ticketLabels } from '../utils/attendee-names';

export function useAnswers(
  event: CatalogEvent,
  selection: TicketSelection,
  seats: readonly EventSeat[],
  enabled: boolean,
  serverErrors: Readonly<Record<string, string>>,
  /** The access or discount code the event was read with: it also asks the questions of the hidden types it unlocks. */
  code?: string,
) {
  const questions = useEventQuestions(event.id, enabled, { code }).data ?? [];
  const [values, setValues] = useState<AnswerValues>({});
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [edited, setEdited] = useState<ReadonlySet<string>>(() => new Set());
  const [attempt, setAttempt] = useState(0);
  const ticketTypeIds = selectionTicketTypes(event, selection, seats);
  const typeName = (id: string) => event.ticketTypes.find((type) => type.id === id)?.name ?? '';
  // Seats are named by the seat; general admission tickets by number and type ("Ticket 2: VIP").
  const labels =
    selection.kind === 'reserved'
      ? ticketLabels(event, selection, seats)
      : ticketTypeIds.map((id, index) => i18next.t('questions:form.ticketTyped', { n: index + 1, type: typeName(id) }));
  const errors = Object.fromEntries(Object.entries({ ...serverErrors, ...clientErrors }).filter(([place]) => !edited.has(place)));

  return {
    questions,
    ticketTypeIds,
    ticketLabels: labels,
    values,
    errors,
    attempt,
    change: (place: string, value: AnswerValue) => {
      setValues({ ...values, [place]: value });
      if (!edited.has(place)) setEdited(new Set(edited).add(place));
    },
    /** At submit: true when the answers may be sent; otherwise their errors show (`focus`: the first takes focus). */
    check: (focus: boolean) => {
      const found = answerErrors(questions, values, ticketTypeIds);
      setClientErrors(found);
      setEdited(new Set());
      const ok = Object.keys(found).length === 0;
      if (!ok && focus) setAttempt((n) => n + 1);
      return ok;
    },
    inputs: () => toAnswerInputs(questions, values, ticketTypeIds),
  };
}
