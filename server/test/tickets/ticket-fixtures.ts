/** Helpers for ticket tests: paid reservations, a staff client, and decoding QR codes from PDFs. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { CARDS } from '../support/reservation-fixtures.js';
import { TestClient, uniqueEmail } from '../support/client.js';
import type { TestEnvironment } from '../support/test-app.js';

const run = promisify(execFile);

export interface PaidTicket {
  id: string;
  qr: string | null;
  attendeeName: string | null;
  checkedInAt: string | null;
}
export interface PaidReservation {
  id: string;
  code: string;
  status: string;
  tickets: PaidTicket[];
}

export async function reserveAndPay(
  buyer: TestClient,
  eventId: string,
  ticketTypeId: string,
  quantity: number,
  attendees?: { name: string }[],
): Promise<PaidReservation> {
  const held = await buyer.post('/api/reservations', {
    eventId,
    items: [{ ticketTypeId, quantity }],
    ...(attendees ? { attendees } : {}),
  });
  expect(held.statusCode, held.body).toBe(201);
  const id = held.json<{ id: string }>().id;
  const paid = await buyer.post(`/api/reservations/${id}/pay`, { method: 'card', card: CARDS.ok });
  expect(paid.statusCode, paid.body).toBe(200);
  return paid.json<PaidReservation>();
}

let ip = 0;
/** A signed-in client whose account has the given role. */
export async function clientWithRole(
  env: TestEnvironment,
  app: FastifyInstance,
  role: 'user' | 'staff' | 'admin',
): Promise<TestClient> {
  ip++;
  const client = new TestClient(app, `10.60.${Math.floor(ip / 250)}.${ip % 250}`);
  const user = await client.register(uniqueEmail(role));
  await env.database.db.updateTable('users').set({ role }).where('id', '=', user.id).execute();
  return client;
}

/**
 * Renders every page of a PDF with poppler's pdftoppm and reads the QR codes on each with zbar's
 * zbarimg: two independent tools, so a code we drew wrong cannot pass by agreeing with itself.
 */
export async function decodeQrCodes(pdf: Buffer, dpi = 150): Promise<string[][]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iat-qr-'));
  try {
    writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    await run('pdftoppm', ['-r', String(dpi), '-png', path.join(dir, 'doc.pdf'), path.join(dir, 'page')]);
    const pages = readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort();
    const decoded: string[][] = [];
    for (const page of pages) {
      const { stdout } = await run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', path.join(dir, page)]).catch(
        (err: unknown) => {
          // zbarimg exits 4 when a page holds no code at all.
          if ((err as { code?: number }).code === 4) return { stdout: '' };
          throw err;
        },
      );
      decoded.push(stdout.split('\n').filter((line) => line !== ''));
    }
    return decoded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function pdfText(pdf: Buffer): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iat-pdf-'));
  try {
    writeFileSync(path.join(dir, 'doc.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', path.join(dir, 'doc.pdf'), '-']);
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
