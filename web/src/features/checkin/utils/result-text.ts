/** What the door sees for each check-in result: a headline, whether to let the person in, and the details. */
import type { CheckinResponse } from '@iatichet/contracts';

export interface ResultView {
  admit: boolean;
  headline: string;
  explanation: string;
}

/** The `checkin` namespace's translate function (react-i18next's `t`, or a fixed one in tests). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export function resultView(
  answer: CheckinResponse,
  formatTime: (iso: string) => string,
  t: Translate,
  options: { offline?: boolean } = {},
): ResultView {
  const key = `result.${answer.result}`;
  const view = { admit: answer.result === 'ok', headline: t(`${key}.headline`), explanation: t(`${key}.explanation`) };
  if (answer.result === 'already_checked_in' && answer.checkedInAt !== null) {
    return { ...view, explanation: t(`${key}.explanationAt`, { time: formatTime(answer.checkedInAt) }) };
  }
  if (answer.result === 'wrong_event' && options.offline === true)
    return { ...view, explanation: t(`${key}.explanationOffline`) };
  if (answer.result === 'wrong_event' && answer.ticket !== null) {
    return { ...view, explanation: t(`${key}.explanationFor`, { event: answer.ticket.eventTitle }) };
  }
  return view;
}

/** "Stalls, row C, seat 5", or the ticket type for general admission. */
export function seatLine(ticket: NonNullable<CheckinResponse['ticket']>, t: Translate): string {
  return ticket.seat === null
    ? t('result.generalAdmission', { type: ticket.typeName })
    : t('result.seat', { type: ticket.typeName, section: ticket.seat.section, row: ticket.seat.row, number: ticket.seat.number });
}
