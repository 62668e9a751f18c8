/**
 * The QR text of a ticket wherever a reservation is read. A QR payload never changes (it names
 * the ticket; Ed25519 signs deterministically), so it is signed once and stored in `tickets.qr`,
 * and reads only copy it: re-signing on every read let a few clients listing 100 reservations
 * keep the CPU busy for everyone. A paid ticket without a stored code (sold before codes were
 * stored, or just paid) is signed on its first read and stored, so each ticket costs one signature
 * in its life whoever asks first.
 *
 * The signer belongs to one app instance (its key comes from that instance's config) and lives on
 * its services; readers pass it in.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TicketSigner } from './ticket-signer.js';

/** What reading a ticket's QR text needs of the signer. */
export type QrSigner = Pick<TicketSigner, 'sign'>;

/** A printout's QR text of a ticket: its current code (a transfer moved it to a new generation). */
export type QrFor = (ticket: { id: string; qrGeneration: number }) => string;

export function qrFor(signer: QrSigner): QrFor {
  return (ticket) => signer.sign(ticket.id, ticket.qrGeneration);
}

/**
 * Signs and stores the codes of paid tickets that have none; answers the stored code of each
 * (null only where there is no signer, as for tools that read without serving). Rows are
 * updated one by one in id order inside one transaction: two first readers racing lock in the
 * same order, so one waits for the other instead of deadlocking, and the `qr is null` guard lets
 * only the first write; the loser answers what the winner stored.
 */
export async function issueTicketQrs(
  db: Kysely<Database>,
  signer: QrSigner | undefined,
  ticketIds: string[],
): Promise<Map<string, string | null>> {
  const issued = new Map<string, string | null>();
  if (signer === undefined) {
    for (const id of ticketIds) issued.set(id, null);
    return issued;
  }
  const ids = [...new Set(ticketIds)].sort();
  const lost: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const id of ids) {
      // Generation 0: a transfer stores its new code in the same transaction, so a ticket without a
      // stored code has never changed hands.
      const qr = signer.sign(id);
      const result = await trx.updateTable('tickets').set({ qr }).where('id', '=', id).where('qr', 'is', null).executeTakeFirst();
      if (result.numUpdatedRows > 0n) issued.set(id, qr);
      else lost.push(id);
    }
  });
  if (lost.length > 0) {
    const rows = await db.selectFrom('tickets').select(['id', 'qr']).where('id', 'in', lost).execute();
    for (const row of rows) issued.set(row.id, row.qr);
  }
  return issued;
}
