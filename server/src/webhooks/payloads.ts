/**
 * The `data` of each webhook type, read inside the transaction that made the change, so a payload
 * says what that transaction committed. docs/integrations.md shows an example of each.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { emitWebhooks, type WebhookEventType } from './outbox.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What a reservation.* payload says of one reservation. */
export interface ReservationFacts {
  id: string;
  code: string;
  status: string;
  eventId: string;
  totalCents: number;
  currency: string;
  ticketCount: number;
  buyer: { email: string; name: string };
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  paymentMethod: string | null;
}

/** The `data` of a reservation.* delivery: one shape, whether read back or known from a hold's draft. */
export const reservationPayload = (reservation: ReservationFacts) => ({ reservation });

/** `{ reservation }` for each id: the reservation's state, its buyer and its tickets' count. */
export async function reservationPayloads(trx: Db, ids: readonly string[]): Promise<unknown[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom('reservations as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select((eb) => [
      'r.id',
      'r.code',
      'r.status',
      'r.event_id',
      'r.total_cents',
      'r.currency',
      'r.expires_at',
      'r.created_at',
      'r.paid_at',
      'r.payment_method',
      'u.email',
      'u.name',
      eb
        .selectFrom('tickets as t')
        .select((t) => t.fn.countAll<number>().as('n'))
        .whereRef('t.reservation_id', '=', 'r.id')
        .as('tickets'),
    ])
    .where('r.id', 'in', ids)
    .execute();
  return rows.map((r) =>
    reservationPayload({
      id: r.id,
      code: r.code,
      status: r.status,
      eventId: r.event_id,
      totalCents: r.total_cents,
      currency: r.currency,
      ticketCount: r.tickets ?? 0,
      buyer: { email: r.email, name: r.name },
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      paidAt: r.paid_at,
      paymentMethod: r.payment_method,
    }),
  );
}

/** Queues a reservation.* type for reservations of one event (one delivery per reservation). */
export async function emitReservations(
  trx: Db,
  eventId: string,
  type: Extract<WebhookEventType, `reservation.${string}`>,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  return emitWebhooks(trx, { eventId }, type, () => reservationPayloads(trx, ids));
}

/** Queues reservation.* types for reservations of any events (the sweeper expires several at once). */
export async function emitReservationsAcrossEvents(
  trx: Db,
  type: Extract<WebhookEventType, `reservation.${string}`>,
  reservations: readonly { id: string; eventId: string }[],
): Promise<number> {
  const byEvent = new Map<string, string[]>();
  for (const r of reservations) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r.id]);
  let queued = 0;
  for (const [eventId, ids] of byEvent) queued += await emitReservations(trx, eventId, type, ids);
  return queued;
}

/** Queues ticket.checked_in for tickets of one event just checked in, by the scanning device (if named). */
export async function emitCheckins(
  trx: Db,
  eventId: string,
  ticketIds: readonly string[],
  device: string | null,
): Promise<number> {
  if (ticketIds.length === 0) return 0;
  return emitWebhooks(trx, { eventId }, 'ticket.checked_in', async () => {
    const rows = await trx
      .selectFrom('tickets')
      .select(['id', 'reservation_id', 'event_id', 'ticket_type_id', 'attendee_name', 'checked_in_at'])
      .where('id', 'in', ticketIds)
      .execute();
    return rows.map((t) => ({
      ticket: {
        id: t.id,
        reservationId: t.reservation_id,
        eventId: t.event_id,
        ticketTypeId: t.ticket_type_id,
        attendeeName: t.attendee_name,
        checkedInAt: t.checked_in_at,
      },
      device,
    }));
  });
}

/** Queues event.published, event.changed or event.cancelled with the event as it now stands. */
export async function emitEventChange(
  trx: Db,
  eventId: string,
  type: Extract<WebhookEventType, `event.${string}`>,
): Promise<number> {
  return emitWebhooks(trx, { eventId }, type, async () => {
    const e = await trx
      .selectFrom('events')
      .select([
        'id',
        'title',
        'status',
        'starts_at',
        'ends_at',
        'venue_id',
        'venue_name',
        'venue_city',
        'time_zone',
        'currency',
        'organizer_id',
      ])
      .where('id', '=', eventId)
      .executeTakeFirst();
    if (e === undefined) return [];
    return [
      {
        event: {
          id: e.id,
          organizerId: e.organizer_id,
          title: e.title,
          status: e.status,
          startsAt: e.starts_at,
          endsAt: e.ends_at,
          timeZone: e.time_zone,
          currency: e.currency,
          venue: { id: e.venue_id, name: e.venue_name, city: e.venue_city },
        },
      },
    ];
  });
}
