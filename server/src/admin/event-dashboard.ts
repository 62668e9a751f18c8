/**
 * One event's numbers for the admin dashboard: tickets sold, held and left, revenue, check-ins,
 * and paid tickets per hour. Counters come from ticket_types (the same numbers holds are guarded
 * by); revenue and the sales curve from paid reservations, bucketed by the hour in SQL.
 */
import type { EventDashboard } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';

export async function eventDashboard(db: Kysely<Database>, eventId: string): Promise<EventDashboard> {
  const event = await db
    .selectFrom('events')
    .select(['id', 'title', 'status', 'currency', 'time_zone'])
    .where('id', '=', eventId)
    .executeTakeFirst();
  if (event === undefined) throw errors.notFound('event');
  const types = await db
    .selectFrom('ticket_types')
    .select(['id', 'name', 'capacity', 'sold', 'held'])
    .where('event_id', '=', eventId)
    .orderBy('sort_order')
    .execute();
  // An hour bucket as text, the same on both dialects: 2027-03-01T19
  const hour =
    dialectOf(db) === 'postgres'
      ? sql<string>`to_char(r.paid_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24')`
      : sql<string>`substr(r.paid_at, 1, 13)`;
  const revenue = await db
    .selectFrom('reservations as r')
    .select([hour.as('hour'), (eb) => eb.fn.sum<number | string>('r.total_cents').as('cents')])
    .where('r.event_id', '=', eventId)
    .where('r.status', '=', 'paid')
    .groupBy(hour)
    .execute();
  const tickets = await db
    .selectFrom('tickets as t')
    .innerJoin('reservations as r', 'r.id', 't.reservation_id')
    .select([
      hour.as('hour'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
      (eb) => eb.fn.count<number | string>('t.checked_in_at').as('in'),
    ])
    .where('t.event_id', '=', eventId)
    .where('r.status', '=', 'paid')
    .groupBy(hour)
    .execute();

  const hours = [...new Set([...revenue.map((r) => r.hour), ...tickets.map((t) => t.hour)])].sort();
  let cumulativeTickets = 0;
  let cumulativeRevenueCents = 0;
  const salesOverTime = hours.map((h) => {
    const n = Number(tickets.find((t) => t.hour === h)?.n ?? 0);
    const cents = Number(revenue.find((r) => r.hour === h)?.cents ?? 0);
    cumulativeTickets += n;
    cumulativeRevenueCents += cents;
    return { at: `${h}:00:00.000Z`, tickets: n, revenueCents: cents, cumulativeTickets, cumulativeRevenueCents };
  });

  const sum = (pick: (t: (typeof types)[number]) => number) => types.reduce((total, t) => total + pick(t), 0);
  return {
    eventId: event.id,
    title: event.title,
    status: event.status,
    currency: event.currency,
    timeZone: event.time_zone,
    capacity: sum((t) => t.capacity),
    sold: sum((t) => t.sold),
    held: sum((t) => t.held),
    remaining: sum((t) => Math.max(0, t.capacity - t.sold - t.held)),
    revenueCents: cumulativeRevenueCents,
    checkedIn: tickets.reduce((total, t) => total + Number(t.in), 0),
    ticketTypes: types.map((t) => ({
      id: t.id,
      name: t.name,
      capacity: t.capacity,
      sold: t.sold,
      held: t.held,
      remaining: Math.max(0, t.capacity - t.sold - t.held),
    })),
    salesOverTime,
  };
}
