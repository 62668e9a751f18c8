/**
 * Paid tickets in bulk for the ticket benchmarks: reservations and tickets written straight into
 * the database (as many payments would have left them, counters included), and the QR text of each
 * signed with the same key the server under test was given.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';
import { TicketSigner } from '../../server/src/tickets/ticket-signer.js';

const BATCH = 500;

/** A fresh Ed25519 key for the server (TICKET_SIGNING_KEY) and the bench's own signer. */
export function benchSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

export function openSigner(db: Kysely<Database>, dataDir: string, key: string): Promise<TicketSigner> {
  return TicketSigner.open(db, dataDir, key);
}

export interface PaidTickets {
  reservationIds: string[];
  ticketIds: string[];
}

/** `reservations` paid reservations of `perReservation` tickets each, for `userId`, on a general-admission event. */
export async function insertPaidTickets(
  db: Kysely<Database>,
  target: { eventId: string; ticketTypeId: string; userId: string },
  reservations: number,
  perReservation: number,
): Promise<PaidTickets> {
  const now = new Date().toISOString();
  const result: PaidTickets = { reservationIds: [], ticketIds: [] };
  const rows = Array.from({ length: reservations }, (_, i) => ({
    id: randomUUID(),
    code: `B${randomBytes(5).toString('hex').toUpperCase().slice(0, 7)}${i.toString(36).toUpperCase()}`,
  }));
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('reservations')
        .values(
          batch.map((r) => ({
            id: r.id,
            code: r.code,
            user_id: target.userId,
            event_id: target.eventId,
            status: 'paid' as const,
            total_cents: 5000 * perReservation,
            currency: 'EUR',
            expires_at: now,
            paying_until: null,
            expiry_warned: 0,
            payment_method: 'card',
            note: null,
            created_at: now,
            updated_at: now,
            paid_at: now,
            closed_at: null,
          })),
        )
        .execute();
      await trx
        .insertInto('reservation_items')
        .values(
          batch.map((r) => ({
            reservation_id: r.id,
            ticket_type_id: target.ticketTypeId,
            quantity: perReservation,
            unit_price_cents: 5000,
          })),
        )
        .execute();
      const tickets = batch.flatMap((r, b) =>
        Array.from({ length: perReservation }, (_, position) => ({
          id: randomUUID(),
          reservation_id: r.id,
          event_id: target.eventId,
          ticket_type_id: target.ticketTypeId,
          seat_id: null,
          attendee_name: `Attendee ${(i + b) * perReservation + position + 1}`,
          position,
          checked_in_at: null,
        })),
      );
      await trx.insertInto('tickets').values(tickets).execute();
      await trx
        .updateTable('ticket_types')
        .set({ sold: sql`sold + ${tickets.length}` })
        .where('id', '=', target.ticketTypeId)
        .execute();
      result.reservationIds.push(...batch.map((r) => r.id));
      result.ticketIds.push(...tickets.map((t) => t.id));
    });
  }
  return result;
}
