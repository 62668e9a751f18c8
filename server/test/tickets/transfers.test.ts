/**
 * Ticket transfer (issue 19): a ticket given to another account gets a new QR code and short code,
 * the old ones answer `not_valid` at the door (online and in an offline sync), the new holder can
 * give it on again, the buyer loses its codes and PDF, and a transfer is refused after check-in
 * and after the start. The races are in transfer-races.test.ts.
 */
import { randomUUID } from 'node:crypto';
import type { CheckinSyncResponse, ReceivedTicketList, TicketTransferResult } from '@iatichet/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountEmailsTo, tokenMailedTo } from '../support/account-emails.js';
import { backends } from '../support/backends.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import { gaEvent } from '../support/reservation-fixtures.js';
import { reserveAndPay } from './ticket-fixtures.js';
import { person, transferStage, transferTicket, type Person } from './transfer-fixtures.js';

type Scanned = { result: string; ticket: { id: string; attendeeName: string | null } | null };
type Shown = {
  id: string;
  tickets: { id: string; qr: string | null; shortCode: string | null; transferred?: boolean }[];
};

describe.each(backends)('ticket transfer on %s', (backend) => {
  const s = transferStage(backend);
  let friend: Person;
  const scan = async (code: string) => {
    const res = await s.staff.post('/api/checkin', { code, eventId: s.event.id, device: 'gate' });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Scanned>();
  };
  const codesOf = async (ticketId: string) =>
    s.env.database.db
      .selectFrom('tickets')
      .select(['qr', 'short_code', 'holder_id'])
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
  const received = async (client: TestClient) => (await client.get('/api/tickets')).json<ReceivedTicketList>().items;

  beforeAll(async () => {
    friend = await person(s.app);
  });

  it('moves the ticket with new codes: the old QR and short code are not valid, the new ones admit once', async () => {
    const r = await s.paid(2);
    const ticket = r.tickets[0];
    const before = await codesOf(ticket?.id ?? '');
    if (ticket === undefined || before.qr === null || before.short_code === null) throw new Error('no codes');

    const res = await transferTicket(s.buyer.client, r, ticket.id, friend.user.email.toUpperCase());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TicketTransferResult>()).toMatchObject({
      ticketId: ticket.id,
      email: friend.user.email,
      accountCreated: false,
    });

    const after = await codesOf(ticket.id);
    expect(after.holder_id).toBe(friend.user.id);
    expect(after.qr).not.toBe(before.qr);
    expect(after.qr?.startsWith('IT2')).toBe(true);
    expect(after.short_code).not.toBe(before.short_code);

    expect((await scan(before.qr)).result).toBe('not_valid');
    expect((await scan(before.short_code)).result).toBe('not_valid');
    expect((await scan(after.qr ?? '')).result).toBe('ok');
    expect((await scan(after.qr ?? '')).result).toBe('already_checked_in');
    expect((await scan(after.short_code ?? '')).result).toBe('already_checked_in');
    // A retired code stays refused after the ticket is in, too.
    expect((await scan(before.qr)).result).toBe('not_valid');

    // The buyer sees it as given away, without its codes; the other ticket is untouched.
    const shown = (await s.buyer.client.get(`/api/reservations/${r.id}`)).json<Shown>();
    expect(shown.tickets[0]).toMatchObject({ id: ticket.id, transferred: true, qr: null, shortCode: null });
    expect(shown.tickets[1]).toMatchObject({ transferred: false });
    expect(shown.tickets[1]?.qr).toMatch(/^IT1/);

    // Audited, and both sides told (the sender's own action is stored read).
    const audit = await s.env.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'after_json'])
      .where('action', '=', 'transfer.create')
      .where('entity_id', '=', ticket.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_id).toBe(s.buyer.user.id);
    const notes = await s.env.database.db
      .selectFrom('notifications')
      .select(['user_id', 'type', 'read_at'])
      .where('type', 'in', ['ticket_transferred', 'ticket_received'])
      .where('user_id', 'in', [s.buyer.user.id, friend.user.id])
      .execute();
    expect(notes.map((n) => [n.user_id, n.type]).sort()).toEqual(
      [
        [s.buyer.user.id, 'ticket_transferred'],
        [friend.user.id, 'ticket_received'],
      ].sort(),
    );
    expect((await accountEmailsTo(s.env.database.db, friend.user.email)).map((e) => e.kind)).toContain('ticket_received');
    expect((await accountEmailsTo(s.env.database.db, s.buyer.user.email)).map((e) => e.kind)).toContain('ticket_transferred');
  });

  it('lets the new holder download and give it on; the buyer can neither transfer nor download it', async () => {
    const r = await s.paid(1);
    const ticketId = r.tickets[0]?.id ?? '';
    expect((await transferTicket(s.buyer.client, r, ticketId, friend.user.email)).statusCode).toBe(200);

    const mine = await received(friend.client);
    const item = mine.find((i) => i.ticket.id === ticketId);
    expect(item).toMatchObject({ reservationId: r.id, status: 'paid', event: { id: s.event.id } });
    expect(item?.ticket.qr).toMatch(/^IT2/);
    const pdf = await friend.client.get(`/api/tickets/${ticketId}/ticket.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    // The buyer: no transfer (404: no longer theirs), no single-ticket PDF, no tickets.pdf left.
    expect((await transferTicket(s.buyer.client, r, ticketId, uniqueEmail('again'))).statusCode).toBe(404);
    expect((await s.buyer.client.get(`/api/tickets/${ticketId}/ticket.pdf`)).statusCode).toBe(404);
    expect((await s.buyer.client.get(`/api/reservations/${r.id}/tickets.pdf`)).statusCode).toBe(404);
    expect(await received(s.buyer.client)).toEqual([]);

    // Given on by the new holder: the second code is retired as the first was.
    const second = (await codesOf(ticketId)).qr ?? '';
    const third = await person(s.app);
    expect((await transferTicket(friend.client, r, ticketId, third.user.email)).statusCode).toBe(200);
    expect((await received(friend.client)).some((i) => i.ticket.id === ticketId)).toBe(false);
    const now = await received(third.client);
    expect(now.map((i) => i.ticket.id)).toContain(ticketId);
    expect((await scan(second)).result).toBe('not_valid');
    expect((await scan(now.find((i) => i.ticket.id === ticketId)?.ticket.qr ?? '')).result).toBe('ok');
  });

  it('makes an unverified account for a new address and mails it a link to choose a password', async () => {
    const r = await s.paid(1);
    const email = uniqueEmail('newcomer');
    const res = await transferTicket(s.buyer.client, r, r.tickets[0]?.id ?? '', email);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TicketTransferResult>().accountCreated).toBe(true);
    const account = await s.env.database.db
      .selectFrom('users')
      .select(['id', 'email_verified'])
      .where('email_normalized', '=', email)
      .executeTakeFirstOrThrow();
    expect(account.email_verified).toBe(0);
    const token = await tokenMailedTo(s.env.database.db, email, '/reset-password');
    const newcomer = new TestClient(s.app, '10.71.0.1');
    const reset = await newcomer.post('/api/auth/password-reset/confirm', { token, newPassword: 'a newcomer passphrase' });
    expect(reset.statusCode, reset.body).toBeLessThan(300);
    expect((await newcomer.login(email, 'a newcomer passphrase')).statusCode).toBe(200);
    expect((await received(newcomer)).map((i) => i.ticket.id)).toEqual([r.tickets[0]?.id]);
  });

  it('keeps a ticket sent to an address registered but never proven from whoever registered it, until the mailbox proves it', async () => {
    const r = await s.paid(1);
    const ticketId = r.tickets[0]?.id ?? '';
    // Anyone may register any address: a squatter takes the friend-to-be's before the gift is sent.
    const email = uniqueEmail('squatted');
    const squatter = new TestClient(s.app, '10.72.0.1');
    await squatter.registerUnverified(email);
    const res = await transferTicket(s.buyer.client, r, ticketId, email);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TicketTransferResult>().accountCreated).toBe(false);
    const before = await codesOf(ticketId);

    // Not the ticket's QR, nor its PDF, nor a way to pass it on or rename it.
    const refused = [
      await squatter.get('/api/tickets'),
      await squatter.get(`/api/tickets/${ticketId}/ticket.pdf`),
      await transferTicket(squatter, r, ticketId, uniqueEmail('fence')),
      await squatter.patch(`/api/reservations/${r.id}/tickets/${ticketId}`, { attendeeName: 'Someone Else' }),
    ];
    expect(refused.map((res) => res.statusCode)).toEqual([403, 403, 403, 403]);
    expect(refused.map((res) => res.json<{ code: string }>().code)).toEqual(Array.from({ length: 4 }, () => 'email_unverified'));
    expect(await codesOf(ticketId)).toEqual(before);

    // The mailbox's owner proves it with a reset link (which ends the squatter's sessions) and holds it.
    expect((await new TestClient(s.app, '10.72.0.2').post('/api/auth/password-reset', { email })).statusCode).toBe(204);
    const token = await tokenMailedTo(s.env.database.db, email, '/reset-password');
    const owner = new TestClient(s.app, '10.72.0.2');
    expect(
      (await owner.post('/api/auth/password-reset/confirm', { token, newPassword: 'the real owner passphrase' })).statusCode,
    ).toBe(204);
    expect((await owner.login(email, 'the real owner passphrase')).statusCode).toBe(200);
    expect((await received(owner)).map((i) => [i.ticket.id, i.ticket.qr])).toEqual([[ticketId, before.qr]]);
  });

  it('refuses after check-in and after the start (409 transfer_not_allowed), and to yourself (400)', async () => {
    const r = await s.paid(2);
    const [used, later] = r.tickets;
    expect((await scan(used?.qr ?? '')).result).toBe('ok');
    const afterScan = await transferTicket(s.buyer.client, r, used?.id ?? '', friend.user.email);
    expect(afterScan.statusCode).toBe(409);
    expect(afterScan.json<{ code: string }>().code).toBe('transfer_not_allowed');

    const self = await transferTicket(s.buyer.client, r, later?.id ?? '', s.buyer.user.email);
    expect(self.statusCode).toBe(400);

    const started = await gaEvent(s.env, s.app, 5);
    const begun = await reserveAndPay(s.buyer.client, started.id, started.ticketTypes[0]?.id ?? '', 1);
    await s.env.database.db
      .updateTable('events')
      .set({ starts_at: new Date(Date.now() - 60_000).toISOString() })
      .where('id', '=', started.id)
      .execute();
    const late = await transferTicket(s.buyer.client, begun, begun.tickets[0]?.id ?? '', friend.user.email);
    expect(late.statusCode).toBe(409);
    expect(late.json<{ code: string }>().code).toBe('transfer_not_allowed');
    const rename = await s.buyer.client.patch(`/api/reservations/${begun.id}/tickets/${begun.tickets[0]?.id ?? ''}`, {
      attendeeName: 'Too Late',
    });
    expect(rename.statusCode).toBe(409);
    // Nothing moved.
    expect(
      await s.env.database.db
        .selectFrom('ticket_transfers')
        .select('id')
        .where('ticket_id', 'in', [used?.id ?? '', later?.id ?? '', begun.tickets[0]?.id ?? ''])
        .execute(),
    ).toEqual([]);
  });

  it('refuses the old code in an offline sync and tells the snapshot which code admits', async () => {
    const r = await s.paid(1);
    const ticketId = r.tickets[0]?.id ?? '';
    const old = r.tickets[0]?.qr ?? '';
    expect((await transferTicket(s.buyer.client, r, ticketId, friend.user.email)).statusCode).toBe(200);
    const snapshot = (await s.staff.get(`/api/events/${s.event.id}/checkin-snapshot`)).json<{
      tickets: { ticketId: string; qrGeneration?: number }[];
    }>();
    expect(snapshot.tickets.find((t) => t.ticketId === ticketId)?.qrGeneration).toBe(1);
    const fresh = (await codesOf(ticketId)).qr ?? '';
    const res = await s.staff.post('/api/checkin/sync', {
      eventId: s.event.id,
      deviceId: 'offline-1',
      scans: [
        { scanId: randomUUID(), code: old, scannedAt: new Date(Date.now() - 2000).toISOString() },
        { scanId: randomUUID(), code: fresh, scannedAt: new Date(Date.now() - 1000).toISOString() },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<CheckinSyncResponse>().results.map((x) => x.result)).toEqual(['not_valid', 'ok']);
  });

  it('cancels a given ticket with its refunded reservation and tells its holder', async () => {
    const r = await s.paid(1);
    const ticketId = r.tickets[0]?.id ?? '';
    expect((await transferTicket(s.buyer.client, r, ticketId, friend.user.email)).statusCode).toBe(200);
    const cancelled = await s.buyer.client.post(`/api/reservations/${r.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const told = await s.env.database.db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', friend.user.id)
      .where('type', '=', 'ticket_cancelled')
      .execute();
    expect(told).toHaveLength(1);
    expect((await received(friend.client)).find((i) => i.ticket.id === ticketId)).toMatchObject({ ticket: { qr: null } });
    expect((await scan((await codesOf(ticketId)).qr ?? '')).result).toBe('not_valid');
    expect((await friend.client.get(`/api/tickets/${ticketId}/ticket.pdf`)).statusCode).toBe(409);
  });
});
