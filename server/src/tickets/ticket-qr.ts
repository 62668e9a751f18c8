/**
 * The QR text of a ticket wherever a reservation is read. The signer belongs to one app instance
 * (its key comes from that instance's config), and reservation queries receive only the database
 * handle, so the signer is found by the handle it was opened with rather than threaded through
 * every query.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TicketSigner } from './ticket-signer.js';

const signers = new WeakMap<Kysely<Database>, TicketSigner>();

export function registerTicketSigner(db: Kysely<Database>, signer: TicketSigner): void {
  signers.set(db, signer);
}

export function ticketSignerFor(db: Kysely<Database>): TicketSigner | undefined {
  return signers.get(db);
}

/** The signed QR text, or null until the reservation is paid (API.md: `qr` appears once paid). */
export function ticketQr(db: Kysely<Database>, ticketId: string, reservationStatus: string): string | null {
  if (reservationStatus !== 'paid') return null;
  return signers.get(db)?.sign(ticketId) ?? null;
}
