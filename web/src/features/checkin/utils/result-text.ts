/** What the door sees for each check-in result: a headline, whether to let the person in, and the details. */
import type { CheckinResponse, CheckinResult } from '@iatichet/contracts';

export interface ResultView {
  admit: boolean;
  headline: string;
  explanation: string;
}

const VIEWS: Record<CheckinResult, ResultView> = {
  ok: { admit: true, headline: 'Checked in', explanation: 'Valid ticket. Let them in.' },
  already_checked_in: {
    admit: false,
    headline: 'Already checked in',
    explanation: 'This ticket was used before. Do not admit it twice.',
  },
  invalid: {
    admit: false,
    headline: 'Not a valid ticket',
    explanation: 'The code is not one of our tickets, or it was altered.',
  },
  wrong_event: { admit: false, headline: 'Wrong event', explanation: 'This ticket is for another event.' },
  not_valid: { admit: false, headline: 'Ticket not valid', explanation: 'This ticket was cancelled or refunded.' },
};

export function resultView(answer: CheckinResponse, formatTime: (iso: string) => string): ResultView {
  const view = VIEWS[answer.result];
  if (answer.result === 'already_checked_in' && answer.checkedInAt !== null) {
    return { ...view, explanation: `This ticket was checked in at ${formatTime(answer.checkedInAt)}. Do not admit it twice.` };
  }
  if (answer.result === 'wrong_event' && answer.ticket !== null) {
    return { ...view, explanation: `This ticket is for ${answer.ticket.eventTitle}.` };
  }
  return view;
}

/** "Stalls, row C, seat 5", or the ticket type for general admission. */
export function seatLine(ticket: NonNullable<CheckinResponse['ticket']>): string {
  return ticket.seat === null
    ? `${ticket.typeName} · general admission`
    : `${ticket.typeName} · ${ticket.seat.section}, row ${ticket.seat.row}, seat ${ticket.seat.number}`;
}
