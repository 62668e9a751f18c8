/** Words for reservations, shared by the buyer's pages and the admin's (catalogue `common`). */
import i18next from 'i18next';
import type { ReservationStatus, Ticket } from '@iatichet/contracts';

const PAYMENT_METHODS = new Set(['card', 'stripe', 'cash', 'bank_transfer', 'other']);

/** "pending_payment" -> "Awaiting payment". */
export function reservationStatusLabel(status: ReservationStatus): string {
  return i18next.t(`common:reservationStatus.${status}`);
}

/** "cash" -> "Cash"; a method this version does not know is shown as the server sent it. */
export function paymentMethodLabel(method: string): string {
  return PAYMENT_METHODS.has(method) ? i18next.t(`common:paymentMethod.${method}`) : method;
}

/** "Stalls, row A, seat 5", or null for general admission. */
export function ticketSeatLabel(seat: Ticket['seat']): string | null {
  return seat === null ? null : i18next.t('common:seat', { section: seat.section, row: seat.row, number: seat.number });
}
