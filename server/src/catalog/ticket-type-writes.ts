/**
 * An event's ticket types as the admin edits them: planned from the input (capacities given for
 * general admission, counted from the venue's layout for reserved seating) and written with the
 * event's seats, refusing to remove or shrink what is already sold or held.
 */
import { randomUUID } from 'node:crypto';
import type { EventInput, FieldError, Layout, TicketTypeInput } from '@iatichet/contracts';
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Database, EventsTable, TicketTypesTable } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { flattenLayout, seatCategories } from './layout.js';

type TicketTypeRow = Selectable<TicketTypesTable>;

export function invalid(message: string, path: string): never {
  throw errors.validation(message, [{ path, message }]);
}

export interface PlannedTicketType extends TicketTypeInput {
  /** Set by the client only to edit an existing ticket type of this event. */
  id?: string;
  capacity: number;
  seatCategory: string | null;
}

/**
 * Works out every ticket type's capacity: given for general admission, counted from the layout for
 * reserved seating (a standing category's capacity is its standing areas', sold by quantity).
 */
export function planTicketTypes(
  seating: EventInput['seating'],
  layout: Layout | null,
  inputs: TicketTypeInput[],
): PlannedTicketType[] {
  const problems: FieldError[] = [];
  const names = new Set<string>();
  inputs.forEach((t, i) => {
    const key = t.name.trim().toLowerCase();
    // Stored trimmed: a name of spaces would be no name.
    if (key === '') problems.push({ path: `/ticketTypes/${i}/name`, message: 'Name each ticket type.' });
    else if (names.has(key))
      problems.push({ path: `/ticketTypes/${i}/name`, message: `Two ticket types are named "${t.name}".` });
    names.add(key);
    // Pay what you want: priceCents is the suggested price, so the minimum cannot exceed it.
    if (t.minPriceCents != null && t.minPriceCents > t.priceCents)
      problems.push({ path: `/ticketTypes/${i}/minPriceCents`, message: 'The minimum cannot exceed the suggested price.' });
  });
  let planned: PlannedTicketType[];
  if (seating === 'general') {
    planned = inputs.map((t, i) => {
      if (t.capacity === undefined)
        problems.push({ path: `/ticketTypes/${i}/capacity`, message: 'Give each ticket type a capacity.' });
      return { ...t, capacity: t.capacity ?? 0, seatCategory: null };
    });
  } else {
    if (layout === null) invalid('Reserved seating needs a venue with a seat layout.', '/venueId');
    const categories = seatCategories(layout);
    // A chosen seat is held by its id, with no amount beside it (API.md): its price is fixed.
    const chosen = new Set(flattenLayout(layout).map((seat) => seat.category));
    const priced = new Set<string>();
    planned = inputs.map((t, i) => {
      const category = t.seatCategory ?? '';
      if (!categories.has(category))
        problems.push({
          path: `/ticketTypes/${i}/seatCategory`,
          message: `The layout has no "${category}" seats (it has ${[...categories.keys()].join(', ')}).`,
        });
      if (priced.has(category))
        problems.push({ path: `/ticketTypes/${i}/seatCategory`, message: `"${category}" is priced twice.` });
      if (t.minPriceCents != null && chosen.has(category))
        problems.push({
          path: `/ticketTypes/${i}/minPriceCents`,
          message: `"${category}" has chosen seats, which sell at a fixed price; pay what you want is for general admission and standing areas.`,
        });
      priced.add(category);
      return { ...t, capacity: categories.get(category) ?? 0, seatCategory: category };
    });
    const unpriced = [...categories.keys()].filter((c) => !priced.has(c));
    if (unpriced.length > 0)
      problems.push({ path: '/ticketTypes', message: `Price every seat category; missing: ${unpriced.join(', ')}.` });
  }
  if (problems.length > 0) throw errors.validation('The ticket types are not valid.', problems);
  return planned;
}

/** Writes ticket types (insert, update, delete) and, for reserved seating, the event's seats. */
export async function writeTicketTypes(
  trx: Transaction<Database>,
  event: Omit<Selectable<EventsTable>, 'layout_json'>,
  plannedInput: PlannedTicketType[],
  layout: Layout | null,
): Promise<void> {
  const existing = await trx.selectFrom('ticket_types').selectAll().where('event_id', '=', event.id).execute();
  const byId = new Map(existing.map((t) => [t.id, t]));
  plannedInput.forEach((t, i) => {
    if (t.id !== undefined && !byId.has(t.id))
      invalid('This event has no ticket type with that id; leave the id out to add a new one.', `/ticketTypes/${i}/id`);
  });
  const planned = plannedInput.map((t) => ({ ...t, id: t.id ?? randomUUID(), isNew: t.id === undefined }));
  const gone = existing.filter((t) => !planned.some((p) => p.id === t.id));
  for (const t of gone) {
    if (t.sold + t.held > 0) throw errors.conflict(`"${t.name}" has tickets sold or held and cannot be removed.`);
    // Its tickets of closed reservations keep it (their rows name it, and a late payment may sell them again).
    if (await hasTickets(trx, t.id))
      throw errors.conflict(
        `"${t.name}" has had reservations and cannot be removed; change its name and price, or hide it, instead.`,
      );
  }
  for (const [order, t] of planned.entries()) {
    const current = byId.get(t.id);
    if (t.isNew || current === undefined) {
      await trx
        .insertInto('ticket_types')
        .values({
          id: t.id,
          event_id: event.id,
          name: t.name.trim(),
          price_cents: t.priceCents,
          capacity: t.capacity,
          seat_category: t.seatCategory,
          sold: 0,
          held: 0,
          sort_order: order,
          hidden: t.hidden === true ? 1 : 0,
          min_price_cents: t.minPriceCents ?? null,
          tax_rate: t.taxRate ?? 0,
        })
        .execute();
    } else {
      // A seated type's tickets name seats of its category, counted in its held and sold (and a
      // late payment may sell an expired one's seats again): moved to another category, those
      // seats would be sold by one type and counted by another.
      if (current.seat_category !== null && t.seatCategory !== current.seat_category && (await hasTickets(trx, t.id)))
        throw errors.conflict(
          `"${current.name}" already has tickets for "${current.seat_category}" seats; it keeps that category.`,
        );
      // A minimum left out of the edit is kept (below), so it is checked against the new price
      // here, as planTicketTypes checks one that is given.
      const minPrice = t.minPriceCents === undefined ? current.min_price_cents : t.minPriceCents;
      if (minPrice !== null && minPrice > t.priceCents)
        invalid('The minimum cannot exceed the suggested price.', `/ticketTypes/${order}/minPriceCents`);
      if (t.capacity < current.sold + current.held) {
        throw errors.conflict(
          `"${current.name}" already has ${current.sold + current.held} tickets sold or held; its capacity cannot drop to ${t.capacity}.`,
        );
      }
      await trx
        .updateTable('ticket_types')
        .set({
          name: t.name.trim(),
          price_cents: t.priceCents,
          capacity: t.capacity,
          seat_category: t.seatCategory,
          sort_order: order,
          // Left out of an edit: kept as they are (an older client knows nothing of them).
          hidden: t.hidden === undefined ? current.hidden : t.hidden ? 1 : 0,
          min_price_cents: minPrice,
          tax_rate: t.taxRate ?? current.tax_rate,
        })
        .where('id', '=', t.id)
        .execute();
    }
  }
  if (event.seating === 'reserved' && layout !== null) {
    const seatCount = await trx
      .selectFrom('event_seats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', event.id)
      .executeTakeFirstOrThrow();
    const typeByCategory = new Map(planned.map((t) => [t.seatCategory, t.id]));
    if (seatCount.n === 0) {
      const seats = flattenLayout(layout).map((s) => ({
        id: randomUUID(),
        event_id: event.id,
        ticket_type_id: typeByCategory.get(s.category) ?? '',
        section: s.section,
        row_label: s.row,
        number: s.number,
        category: s.category,
        position: s.position,
        status: 'free' as const,
        reservation_id: null,
        x: s.x,
        y: s.y,
        accessible: s.accessible,
        row_rank: s.rank,
      }));
      for (let i = 0; i < seats.length; i += 500)
        await trx
          .insertInto('event_seats')
          .values(seats.slice(i, i + 500))
          .execute();
    } else {
      for (const [category, typeId] of typeByCategory) {
        if (category !== null)
          await trx
            .updateTable('event_seats')
            .set({ ticket_type_id: typeId })
            .where('event_id', '=', event.id)
            .where('category', '=', category)
            .execute();
      }
    }
  }
  // Removed last, once the seats of their categories belong to the types that price them now: a
  // type replaced by a new one for the same category hands its seats over instead of losing them
  // (a seated type left without seats was sold by quantity, like a standing area).
  for (const t of gone) {
    await trx.deleteFrom('event_seats').where('ticket_type_id', '=', t.id).execute();
    await trx.deleteFrom('ticket_types').where('id', '=', t.id).execute();
  }
  // The public "from" price: the least a buyer can pay for a type they can see (a hidden type is
  // sold only with a code; pay what you want starts at its minimum).
  const totals = await trx
    .selectFrom('ticket_types')
    .select((eb) => [
      eb.fn.sum<number>('capacity').as('capacity'),
      sql<number | null>`min(case when hidden = 0 then coalesce(min_price_cents, price_cents) end)`.as('price_from'),
    ])
    .where('event_id', '=', event.id)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable('events')
    .set({ capacity: totals.capacity, price_from_cents: totals.price_from })
    .where('id', '=', event.id)
    .execute();
}

async function hasTickets(trx: Transaction<Database>, ticketTypeId: string): Promise<boolean> {
  const ticket = await trx
    .selectFrom('tickets')
    .select('id')
    .where('ticket_type_id', '=', ticketTypeId)
    .limit(1)
    .executeTakeFirst();
  return ticket !== undefined;
}

export async function currentTicketTypeInputs(trx: Transaction<Database>, eventId: string): Promise<TicketTypeInput[]> {
  const rows: TicketTypeRow[] = await trx
    .selectFrom('ticket_types')
    .selectAll()
    .where('event_id', '=', eventId)
    .orderBy('sort_order')
    .execute();
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    priceCents: t.price_cents,
    capacity: t.capacity,
    seatCategory: t.seat_category,
    hidden: t.hidden === 1,
    minPriceCents: t.min_price_cents,
    taxRate: t.tax_rate,
  }));
}
