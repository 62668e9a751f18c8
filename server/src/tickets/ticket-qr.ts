/**
 * The QR text of a ticket wherever a reservation is read. The signer belongs to one app instance
 * (its key comes from that instance's config) and lives on its services; readers pass it in.
 */
import type { TicketSigner } from './ticket-signer.js';

/** What reading a ticket's QR text needs of the signer. */
export type QrSigner = Pick<TicketSigner, 'sign'>;

/** The signed QR text, or null until the reservation is paid (API.md: `qr` appears once paid). */
export function ticketQr(signer: QrSigner, ticketId: string, reservationStatus: string): string | null {
  if (reservationStatus !== 'paid') return null;
  return signer.sign(ticketId);
}
