/** Helpers for invoice tests: an organizer with legal details, taxed events, and reading invoices back. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { defaultOrganizerId } from '../../src/organizers/default-organizer.js';
import { adminClient, createEvent, createVenue, eventInput, type EventBody } from '../support/catalog-fixtures.js';
import type { TestEnvironment } from '../support/test-app.js';

const run = promisify(execFile);

/** The zone the apps under test read the invoice year in (DEFAULT_TIME_ZONE's default). */
export const invoicing = { invoiceTimeZone: 'Europe/Bucharest' };

export interface InvoiceBody {
  id: string;
  number: string;
  kind: 'invoice' | 'credit_note';
  totalCents: number;
  currency: string;
  issuedAt: string;
  refersTo: string | null;
}

/** Gives the default organizer its legal details, as its owner would in the organizer form. */
export async function legalDetails(env: TestEnvironment, invoicePrefix = 'IAT'): Promise<string> {
  const id = await defaultOrganizerId(env.database.db);
  await env.database.db
    .updateTable('organizers')
    .set({ legal_name: 'Sala Mare SRL', address: 'Str. Lungă 1, Iași', vat_id: 'RO12345678', invoice_prefix: invoicePrefix })
    .where('id', '=', id)
    .execute();
  return id;
}

/** A GA event whose types (119.00 each, `capacity` of each) contain 19 % tax. */
export async function taxedEvent(env: TestEnvironment, app: FastifyInstance, capacity: number, types = 1): Promise<EventBody> {
  const admin = await adminClient(env, app);
  const event = await createEvent(
    admin,
    eventInput((await createVenue(admin, { capacity: capacity * types })).id, {
      ticketTypes: Array.from({ length: types }, (_, i) => ({
        name: i === 0 ? 'Standard' : `Standard ${i + 1}`,
        priceCents: 11900,
        capacity,
      })),
    }),
  );
  await env.database.db.updateTable('ticket_types').set({ tax_rate: 1900 }).where('event_id', '=', event.id).execute();
  return event;
}

export async function counterOf(env: TestEnvironment, organizerId: string): Promise<number | undefined> {
  const row = await env.database.db
    .selectFrom('invoice_counters')
    .select('last_seq')
    .where('organizer_id', '=', organizerId)
    .executeTakeFirst();
  return row?.last_seq;
}

async function inTempDir<T>(pdf: Buffer, work: (dir: string, file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iat-invoice-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return await work(dir, file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text (pdftotext -layout) and how many pages pdftoppm rendered from it. */
export function readPdf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  return inTempDir(pdf, async (dir, file) => {
    const { stdout } = await run('pdftotext', ['-layout', file, '-']);
    await run('pdftoppm', ['-r', '30', '-png', file, path.join(dir, 'page')]);
    return { text: stdout, pages: readdirSync(dir).filter((f) => f.endsWith('.png')).length };
  });
}
