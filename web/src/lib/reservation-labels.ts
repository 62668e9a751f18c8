/** Words for reservations, shared by the buyer's pages and the admin's. */
import type { ReservationStatus, Ticket } from '@iatichet/contracts';

export const RESERVATION_STATUS_LABELS: Record<ReservationStatus, string> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  cancelled: 'Cancelled',
  expired: 'Expired',
  refunded: 'Refunded',
  refund_pending: 'Refund pending',
};

const PAYMENT_METHOD_LABELS: Record<string, string> = {
  card: 'Card',
  stripe: 'Card (Stripe)',
  cash: 'Cash',
  bank_transfer: 'Bank transfer',
  other: 'Other',
};

/** "cash" -> "Cash"; a method this version does not know is shown as the server sent it. */
export function paymentMethodLabel(method: string): string {
  return PAYMENT_METHOD_LABELS[method] ?? method;
}

/** "Stalls, row A, seat 5", or null for general admission. */
export function ticketSeatLabel(seat: Ticket['seat']): string | null {
  return seat === null ? null : `${seat.section}, row ${seat.row}, seat ${seat.number}`;
}
