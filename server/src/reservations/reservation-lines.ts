/** The money of stored reservations as the API answers it: priced lines and the code used. */
import type { Reservation } from '@iatichet/contracts';
import type { Kysely, Selectable } from 'kysely';
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
 * Each reservation's priced lines (reservations/pricing.ts over its stored items) and the text of
 * the code it used: two small queries beside the tickets' one, run at the same time.
 */
export async function linesAndCodes(
  db: Kysely<Database>,
  rows: ReservationRow[],
): Promise<{ lines: Map<string, Pick<Reservation, 'lines' | 'taxes'>>; codes: Map<string, string> }> {
  const codeIds = [...new Set(rows.flatMap((r) => (r.discount_code_id === null ? [] : [r.discount_code_id])))];
  const [items, codes] = await Promise.all([
    db
      .selectFrom('reservation_items as ri')
      .innerJoin('ticket_types as tt', 'tt.id', 'ri.ticket_type_id')
      .select([
        'ri.reservation_id',
        'ri.ticket_type_id',
        'tt.name',
        'ri.quantity',
        'ri.unit_price_cents',
        'ri.discount_cents',
        'ri.tax_rate',
      ])
      .where(
        'ri.reservation_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('tt.sort_order')
      .orderBy('ri.ticket_type_id')
      .execute(),
    codeIds.length === 0
      ? Promise.resolve([])
      : db.selectFrom('discount_codes').select(['id', 'code']).where('id', 'in', codeIds).execute(),
  ]);
  const byReservation = new Map<string, typeof items>();
  for (const i of items) byReservation.set(i.reservation_id, [...(byReservation.get(i.reservation_id) ?? []), i]);
  const lines = new Map<string, Pick<Reservation, 'lines' | 'taxes'>>();
  for (const [id, list] of byReservation) {
    const priced = priceLines(
      list.map((i) => ({
        ticketTypeId: i.ticket_type_id,
        name: i.name,
        quantity: i.quantity,
        unitPriceCents: i.unit_price_cents,
        discountCents: i.discount_cents,
        taxRate: i.tax_rate,
      })),
    );
    lines.set(id, answerMoney(priced));
  }
  return { lines, codes: new Map(codes.map((c) => [c.id, c.code])) };
}
