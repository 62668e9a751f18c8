/** The money of stored reservations as the API answers it: priced lines and the code used. */
import type { Reservation } from '@iatichet/contracts';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ReservationsTable } from '../db/schema.js';
import { priceLines, type Priced } from './pricing.js';

/** Priced lines as the reservation answer carries them: its lines and the tax summary per rate. */
export function answerMoney(priced: Priced): Pick<Reservation, 'lines' | 'taxes'> {
  return {
    taxes: priced.taxes,
    lines: priced.lines.map((l) => ({
      ticketTypeId: l.ticketTypeId,
      name: l.name,
      quantity: l.quantity,
      unitPriceCents: l.unitPriceCents,
      discountCents: l.discountCents,
      totalCents: l.totalCents,
      taxRate: l.taxRate,
    })),
  };
}

type ReservationRow = Selectable<ReservationsTable>;

/**
 * One stored line as the tickets' query reads it beside the tickets (queries.ts): ticket type id,
 * its name, quantity, unit price, the line's discount and its tax rate, in the type's order.
 */
export type StoredItem = [string, string, number, number, number, number];

/**
 * The SQL of a reservation's stored lines as a JSON array of StoredItem, for a query whose
 * reservations are `r`: a column of the tickets' query rather than a query of its own, since on
 * this machine each statement sent costs the server more than reading its rows (issue 14's list).
 */
export function storedItemsColumn(postgres: boolean) {
  const item = sql`json_array(ri.ticket_type_id, coalesce(it.name, ''), ri.quantity, ri.unit_price_cents, ri.discount_cents, ri.tax_rate)`;
  return postgres
    ? sql`(select coalesce(json_agg(json_build_array(ri.ticket_type_id, coalesce(it.name, ''), ri.quantity,
          ri.unit_price_cents, ri.discount_cents, ri.tax_rate) order by it.sort_order, ri.ticket_type_id), '[]')::text
        from reservation_items ri left join ticket_types it on it.id = ri.ticket_type_id where ri.reservation_id = r.id)`
    : sql`(select coalesce(json_group_array(json(${item}) order by it.sort_order, ri.ticket_type_id), '[]')
        from reservation_items ri left join ticket_types it on it.id = ri.ticket_type_id where ri.reservation_id = r.id)`;
}

/** Priced lines of stored items (reservations/pricing.ts), as the reservation answer carries them. */
export function storedLines(items: readonly StoredItem[]): Pick<Reservation, 'lines' | 'taxes'> {
  return answerMoney(
    priceLines(
      items.map(([ticketTypeId, name, quantity, unitPriceCents, discountCents, taxRate]) => ({
        ticketTypeId,
        name,
        quantity,
        unitPriceCents,
        discountCents,
        taxRate,
      })),
    ),
  );
}

/** The text of each code the reservations used, by id; no query when none used one. */
export async function codeTexts(db: Kysely<Database>, rows: ReservationRow[]): Promise<Map<string, string>> {
  const codeIds = [...new Set(rows.flatMap((r) => (r.discount_code_id === null ? [] : [r.discount_code_id])))];
  if (codeIds.length === 0) return new Map();
  const codes = await db.selectFrom('discount_codes').select(['id', 'code']).where('id', 'in', codeIds).execute();
  return new Map(codes.map((c) => [c.id, c.code]));
}
