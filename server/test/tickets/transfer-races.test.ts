/**
 * Transfers under a crowd (issue 19): of ten transfers of one ticket sent at once exactly one wins,
 * and a transfer racing a scan of the ticket's current code never lets both through: either the
 * scan admits and the transfer is refused, or the transfer moves it and the scan is `not_valid`.
 * Only paid tickets move.
 */
import type { TicketTransferResult } from '@iatichet/contracts';
import { describe, expect, it } from 'vitest';
import { releaseTickets } from '../../src/reservations/inventory.js';
import { backends, postgresUrl } from '../support/backends.js';
import { uniqueEmail } from '../support/client.js';
import { whileLocked } from '../support/db-faults.js';
import type { PaidReservation } from './ticket-fixtures.js';
import { transferStage, transferTicket } from './transfer-fixtures.js';

describe.each(backends)('transfer races on %s', (backend) => {
  const s = transferStage(backend);

  it('lets exactly one of ten concurrent transfers of one ticket win', async () => {
    const r = await s.paid(1);
    const ticketId = r.tickets[0]?.id ?? '';
    const emails = Array.from({ length: 10 }, () => uniqueEmail('racer'));
    const answers = await Promise.all(emails.map((email) => transferTicket(s.buyer.client, r, ticketId, email)));
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    // The losers either read the ticket before the winner committed (409) or after it (no longer theirs: 404).
    expect(codes.filter((c) => c !== 200).every((c) => c === 409 || c === 404)).toBe(true);
    const winner = answers.find((a) => a.statusCode === 200)?.json<TicketTransferResult>().email;
    const rows = await s.env.database.db
      .selectFrom('ticket_transfers')
      .select('to_email')
      .where('ticket_id', '=', ticketId)
      .execute();
    expect(rows.map((x) => x.to_email)).toEqual([winner]);
    const holder = await s.env.database.db
      .selectFrom('tickets as t')
      .innerJoin('users as u', 'u.id', 't.holder_id')
      .select(['u.email_normalized', 't.qr_generation'])
      .where('t.id', '=', ticketId)
      .executeTakeFirstOrThrow();
    expect(holder).toEqual({ email_normalized: winner, qr_generation: 1 });
  });

  it('never both admits the current code and transfers the ticket when the two race', async () => {
    const r = await s.paid(6);
    const rounds = await Promise.all(
      r.tickets.map(async (ticket) => {
        const [moved, scanned] = await Promise.all([
          transferTicket(s.buyer.client, r, ticket.id, uniqueEmail('race')),
          s.staff.post('/api/checkin', { code: ticket.qr, eventId: s.event.id, device: 'gate' }),
        ]);
        return { transfer: moved.statusCode, scan: scanned.json<{ result: string }>().result };
      }),
    );
    for (const round of rounds)
      expect([
        { transfer: 200, scan: 'not_valid' },
        { transfer: 409, scan: 'ok' },
      ]).toContainEqual(round);
    // The door's record says the same as its answers.
    const recorded = await s.env.database.db
      .selectFrom('checkin_scans')
      .select('result')
      .where(
        'ticket_id',
        'in',
        r.tickets.map((t) => t.id),
      )
      .execute();
    expect(recorded.map((x) => x.result).sort()).toEqual(rounds.map((x) => x.scan).sort());
  });

  it('moves only paid tickets: a pending or cancelled reservation answers 409 transfer_not_allowed', async () => {
    const held = await s.buyer.client.post('/api/reservations', {
      eventId: s.event.id,
      items: [{ ticketTypeId: s.typeId, quantity: 1 }],
    });
    const pending = held.json<PaidReservation>();
    const res = await transferTicket(s.buyer.client, pending, pending.tickets[0]?.id ?? '', uniqueEmail('early'));
    expect(res.statusCode).toBe(409);
    expect(res.json<{ code: string }>().code).toBe('transfer_not_allowed');
    const r = await s.paid(1);
    expect((await s.buyer.client.post(`/api/reservations/${r.id}/cancel`)).statusCode).toBe(200);
    const late = await transferTicket(s.buyer.client, r, r.tickets[0]?.id ?? '', uniqueEmail('late'));
    expect(late.json<{ code: string }>().code).toBe('transfer_not_allowed');
  });
});

describe.runIf(postgresUrl)('a transfer racing a refund on PostgreSQL', () => {
  const s = transferStage('postgres');

  it('waits for the refund that closed the reservation and then refuses: the ticket does not leave a refunded reservation', async () => {
    const r = await s.paid(1);
    const ticketId = r.tickets[0]?.id ?? '';
    // What a refund writes first (cancellation.ts): the reservation's row, before its tickets are told.
    const moved = await whileLocked(
      s.env.database.db,
      async (trx) => {
        const now = new Date().toISOString();
        await trx
          .updateTable('reservations')
          .set({ status: 'refund_pending', closed_at: now, updated_at: now })
          .where('id', '=', r.id)
          .execute();
        await releaseTickets(trx, r.id, 'paid');
      },
      () => transferTicket(s.buyer.client, r, ticketId, uniqueEmail('late')),
    );
    expect(moved.statusCode, moved.body).toBe(409);
    expect(moved.json()).toMatchObject({ code: 'transfer_not_allowed' });
    const ticket = await s.env.database.db
      .selectFrom('tickets')
      .select(['holder_id', 'qr_generation'])
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    expect(ticket).toEqual({ holder_id: null, qr_generation: 0 });
  });
});
