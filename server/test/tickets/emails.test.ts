/**
 * Emails on payment (with the tickets PDF) and on cancellation or refund: queued with the change,
 * sent later by the sweeper job, retried when the mail server fails, and never in a payment's way.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailDeliveryJob } from '../../src/email/delivery-job.js';
import { ticketAttachments } from '../../src/tickets/ticket-attachments.js';
import { backends } from '../support/backends.js';
import type { EventBody } from '../support/catalog-fixtures.js';
import type { TestClient } from '../support/client.js';
import { buyers, gaEvent } from '../support/reservation-fixtures.js';
import { createTestEnvironment, type TestEnvironment } from '../support/test-app.js';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.js';
import { decodeQrCodes, reserveAndPay } from './ticket-fixtures.js';

/** A port where nothing listens: the OS hands one out, and we close it again. */
async function deadPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return typeof address === 'object' && address !== null ? address.port : 1;
}

/** The first attachment of a MIME message, base64-decoded. */
function pdfAttachment(mime: string): Buffer {
  const part = /Content-Type: application\/pdf[\s\S]*?\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(mime);
  return Buffer.from((part?.[1] ?? '').replace(/\s+/g, ''), 'base64');
}

describe.each(backends)('emails on %s', (backend) => {
  let env: TestEnvironment;
  let app: FastifyInstance;
  let buyer: TestClient;
  let event: EventBody;
  let smtp: FakeSmtp;
  const outbox = () => env.database.db.selectFrom('email_outbox').selectAll().orderBy('created_at').execute();
  const jobFor = (instance: FastifyInstance) => {
    const { database, config, ticketSigner } = instance.services;
    return emailDeliveryJob(database.db, config, ticketAttachments(database.db, ticketSigner));
  };

  beforeAll(async () => {
    env = await createTestEnvironment(backend);
    app = await env.startApp({}, { backgroundJobs: false });
    [buyer] = (await buyers(app, 1)) as [TestClient];
    event = await gaEvent(env, app, 20, { title: 'Ploaia de stele' });
    smtp = await startFakeSmtp();
  });
  afterAll(async () => {
    await smtp.close();
    await env.close();
  });

  it('queues a confirmation on payment and writes it to DATA_DIR/outbox with the tickets PDF attached', async () => {
    const r = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 2);
    const queued = (await outbox()).filter((e) => e.reservation_id === r.id);
    expect(queued).toEqual([
      expect.objectContaining({ kind: 'payment_confirmed', status: 'pending', attempts: 0, attach_tickets: 1 }),
    ]);

    const job = jobFor(app);
    expect(await job.run()).toEqual({ sent: 1, failed: 0 });
    job.mailer.close();
    const dir = path.join(app.services.config.dataDir, 'outbox');
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toHaveLength(1);
    const mime = readFileSync(path.join(dir, files[0] ?? ''), 'utf8');
    expect(mime).toContain(`Subject: Your tickets for Ploaia de stele (${r.code})`);
    expect(mime).toMatch(/filename=.?tickets-[A-Z0-9]+\.pdf/);
    expect(await decodeQrCodes(pdfAttachment(mime))).toEqual(r.tickets.map((t) => [t.qr]));
    expect((await outbox()).find((e) => e.reservation_id === r.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('keeps paying when the mail server is down, retries later, and delivers once it is back', async () => {
    const down = await env.startApp({ SMTP_URL: `smtp://127.0.0.1:${await deadPort()}` }, { backgroundJobs: false });
    const [payer] = (await buyers(down, 1)) as [TestClient];
    const r = await reserveAndPay(payer, event.id, event.ticketTypes[0]?.id ?? '', 1);
    expect(r.status).toBe('paid');
    const failing = jobFor(down);
    const result = await failing.run();
    failing.mailer.close();
    expect(result.failed).toBeGreaterThanOrEqual(1);
    const row = (await outbox()).find((e) => e.reservation_id === r.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: expect.any(String) });
    expect(Date.parse(row?.next_attempt_at ?? '')).toBeGreaterThan(Date.now());

    // Nothing is due until the pause has passed; then the server that works delivers it.
    const up = await env.startApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}` }, { backgroundJobs: false });
    const working = jobFor(up);
    expect((await working.run()).sent).toBe(0);
    await env.database.db
      .updateTable('email_outbox')
      .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect((await working.run()).sent).toBeGreaterThanOrEqual(1);
    working.mailer.close();
    const message = smtp.messages.find((m) => m.data.includes(r.code));
    expect(message?.data).toContain('Content-Type: application/pdf');
    expect((await outbox()).find((e) => e.reservation_id === r.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('queues a notice on refund and on cancellation of a pending hold, without attachments', async () => {
    const paid = await reserveAndPay(buyer, event.id, event.ticketTypes[0]?.id ?? '', 1);
    await buyer.post(`/api/reservations/${paid.id}/cancel`);
    const held = await buyer.post('/api/reservations', {
      eventId: event.id,
      items: [{ ticketTypeId: event.ticketTypes[0]?.id, quantity: 1 }],
    });
    await buyer.post(`/api/reservations/${held.json<{ id: string }>().id}/cancel`);
    const rows = await outbox();
    expect(rows.filter((e) => e.reservation_id === paid.id).map((e) => [e.kind, e.attach_tickets])).toEqual([
      ['payment_confirmed', 1],
      ['refund_issued', 0],
    ]);
    expect(rows.find((e) => e.reservation_id === held.json<{ id: string }>().id)).toMatchObject({
      kind: 'reservation_cancelled',
      subject: expect.stringContaining('cancelled'),
    });
  });
});
