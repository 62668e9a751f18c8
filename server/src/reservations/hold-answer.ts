/** The new reservation in the API's shape, from the values the hold wrote: nothing is read back. */
import type { Reservation } from '@iatichet/contracts';
import { holderOf } from '../tickets/holder.js';
import { FREE_METHOD } from './free-orders.js';
import type { Draft } from './hold-writes.js';
import { priceLines } from './pricing.js';
import { answerMoney } from './reservation-lines.js';

export function toReservation(d: Draft): Reservation {
  // A total of 0 was paid in the hold's transaction (free-orders.ts).
  const free = d.totalCents === 0;
  const names = new Map(d.lines.map((l) => [l.ticketTypeId, l.typeName]));
  const priced = priceLines(
    d.types.map((t) => ({
      ticketTypeId: t.ticketTypeId,
      name: names.get(t.ticketTypeId) ?? '',
      quantity: t.quantity,
      unitPriceCents: t.priceCents,
      discountCents: t.discountCents,
      taxRate: t.taxRate,
    })),
  );
  return {
    id: d.id,
    code: d.code,
    status: free ? 'paid' : 'pending_payment',
    event: {
      id: d.event.id,
      title: d.event.title,
      startsAt: d.event.starts_at,
      venue: { id: d.event.venue_id, name: d.event.venue_name, city: d.event.venue_city },
      timeZone: d.event.time_zone,
    },
    expiresAt: d.expiresAt,
    totalCents: d.totalCents,
    subtotalCents: d.subtotalCents,
    discountCents: d.discountCents,
    taxCents: d.taxCents,
    discountCode: d.discountCode?.code ?? null,
    ...answerMoney(priced),
    currency: d.event.currency,
    createdAt: d.createdAt,
    paidAt: free ? d.createdAt : null,
    paymentMethod: free ? FREE_METHOD : null,
    // A new hold has no billing details yet (PUT /api/reservations/:id/billing), as a read says.
    billing: null,
    tickets: d.lines.map((l, i) => ({
      id: d.tickets[i]?.id ?? '',
      ticketTypeId: l.ticketTypeId,
      typeName: l.typeName,
      seat: l.seat === null ? null : { section: l.seat.section, row: l.seat.row, number: l.seat.number },
      attendeeName: d.tickets[i]?.attendeeName ?? null,
      ...(d.buyerName === undefined ? {} : { holder: holderOf(d.tickets[i]?.attendeeName ?? null, d.buyerName) }),
      shortCode: d.tickets[i]?.shortCode ?? null,
      qr: null,
      checkedInAt: null,
      transferred: false,
    })),
  };
}
