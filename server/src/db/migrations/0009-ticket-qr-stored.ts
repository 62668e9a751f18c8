/**
 * The signed QR text of each ticket, stored (issue 14, CPU amplification). The payload names the
 * ticket only and Ed25519 signs deterministically, so it never changes: signing it on every read
 * made a list of 100 reservations cost about 110 ms of CPU per 1,000 tickets. The column starts
 * empty on a populated database: a migration cannot reach the signing key (it lives in
 * DATA_DIR or TICKET_SIGNING_KEY), so each paid ticket is signed once on its first read and
 * stored (tickets/ticket-qr.ts). A change that must give a ticket a new code (a transfer) clears it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tickets').addColumn('qr', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('qr').execute();
}
