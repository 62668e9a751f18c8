/**
 * PDFs (issue 6, Done-when 4): a buyer's 4-ticket tickets.pdf, one request at a time, for its
 * median time; and the admin's check-in list of an event with 5,000 paid tickets, for its total
 * time and the server's peak memory while it streams. Both must be whole PDFs with a page per
 * ticket (tickets) or per row block (list).
 */
import { performance } from 'node:perf_hooks';
import { drive } from '../load/drive.js';
import { HttpConnection } from '../load/http-connection.js';
import type { Check, Row } from '../report/result.js';
import { APP_WARM_UP, openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { createGeneralEvent, signInAdmin } from '../setup/api-session.js';
import { createSignedInUsers, fetchCsrfTokens } from '../setup/buyers.js';
import { insertPaidTickets } from '../setup/paid-tickets.js';

const SMALL_MEDIAN_TARGET_MS = 100;
const LIST_SECONDS_TARGET = 30;
const LIST_MEMORY_TARGET_MB = 300;
const LIST_TICKETS = 5000;

/** Page objects in a PDF (not the /Pages tree node), and whether it ends like a whole file. */
function pdfShape(body: Buffer): { pages: number; whole: boolean } {
  const text = body.toString('latin1');
  return {
    pages: (text.match(/\/Type \/Page[^s]/g) ?? []).length,
    whole: text.startsWith('%PDF-') && text.trimEnd().endsWith('%%EOF'),
  };
}

export async function pdfScenario(ctx: RunContext): Promise<Row[]> {
  const kind: DatabaseKind = ctx.postgres.ok ? 'postgres' : 'sqlite';
  const listTickets = ctx.options.quick ? 1000 : LIST_TICKETS;
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url);
    const database = openBenchDatabase(url);
    try {
      const admin = await signInAdmin(server.port);
      const small = await createGeneralEvent(admin, 4);
      const large = await createGeneralEvent(admin, listTickets).finally(() => admin.close());
      const users = await createSignedInUsers(database.db, 2);
      const [buyer, organiser] = await fetchCsrfTokens([server.port], users);
      if (buyer === undefined || organiser === undefined) throw new Error('no sessions');
      await database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', organiser.userId).execute();
      const four = await insertPaidTickets(database.db, { ...small, userId: buyer.userId }, 1, 4);
      await insertPaidTickets(database.db, { ...large, userId: buyer.userId }, listTickets / 4, 4);

      // The 4-ticket PDF, one request at a time: its own time, not a queue's.
      const pdfPath = `/api/reservations/${four.reservationIds[0] ?? ''}/tickets.pdf`;
      const small4 = { allWhole: true };
      const smallRun = await drive({
        ports: [server.port],
        connections: 1,
        jobs: ctx.options.quick ? 20 : 100,
        maxDurationMs: 60_000,
        warmUp: APP_WARM_UP,
        job: async ({ timed }) => {
          const response = await timed('tickets.pdf', {
            method: 'GET',
            path: pdfPath,
            headers: { cookie: buyer.headers.cookie },
          });
          const shape = response === undefined ? undefined : pdfShape(response.body);
          if (response?.status !== 200 || shape?.pages !== 4 || !shape.whole) small4.allWhole = false;
        },
      });
      const smallStats = smallRun.recorder.stats('tickets.pdf');

      // The check-in list of the large event, streamed once, watching the server's memory.
      server.resetPeak();
      const connection = new HttpConnection(server.port, 120_000);
      const started = performance.now();
      const list = await connection
        .request({
          method: 'GET',
          path: `/api/admin/events/${large.eventId}/attendees.pdf`,
          headers: { cookie: organiser.headers.cookie },
        })
        .finally(() => connection.close());
      const listMs = performance.now() - started;
      const peak = server.peakRssMb();
      const listShape = pdfShape(list.body);
      const rowsPerPage = 6;

      const smallChecks: Check[] = [
        {
          name: 'every answer a whole 4-page PDF',
          ok: small4.allWhole && smallStats.statuses['200'] === smallStats.count,
          detail: JSON.stringify(smallStats.statuses),
        },
      ];
      const listChecks: Check[] = [
        {
          name: 'a whole PDF',
          ok: list.status === 200 && listShape.whole,
          detail: `status ${list.status}, ${(list.body.length / 1e6).toFixed(1)} MB`,
        },
        {
          name: `${Math.ceil(listTickets / rowsPerPage)} pages (${rowsPerPage} tickets a page)`,
          ok: listShape.pages === Math.ceil(listTickets / rowsPerPage),
          detail: `${listShape.pages} pages`,
        },
      ];
      return [
        {
          scenario: 'pdf',
          variant: '4-ticket tickets.pdf, one at a time',
          backend: kind,
          state: 'ran',
          connections: 1,
          requests: smallStats.count,
          seconds: smallRun.elapsedMs / 1000,
          throughput: { value: smallStats.count / (smallRun.elapsedMs / 1000), unit: 'PDFs/s' },
          latency: smallStats,
          statuses: smallStats.statuses,
          checks: smallChecks,
          targets: [
            {
              name: `median < ${SMALL_MEDIAN_TARGET_MS} ms (issue 6)`,
              ok: smallStats.p50 < SMALL_MEDIAN_TARGET_MS,
              detail: `${smallStats.p50.toFixed(1)} ms`,
            },
          ],
          peakRssMb: server.peakRssMb(),
          note: `median ${smallStats.p50.toFixed(1)} ms`,
        },
        {
          scenario: 'pdf',
          variant: `${listTickets.toLocaleString('en')}-ticket check-in list (attendees.pdf)`,
          backend: kind,
          state: 'ran',
          connections: 1,
          requests: 1,
          seconds: listMs / 1000,
          latency: { p50: listMs, p99: listMs, max: listMs },
          statuses: { [String(list.status)]: 1 },
          checks: listChecks,
          targets: ctx.options.quick
            ? []
            : [
                {
                  name: `< ${LIST_SECONDS_TARGET} s (issue 6)`,
                  ok: listMs < LIST_SECONDS_TARGET * 1000,
                  detail: `${(listMs / 1000).toFixed(1)} s`,
                },
                {
                  name: `server < ${LIST_MEMORY_TARGET_MB} MB (issue 6)`,
                  ok: peak < LIST_MEMORY_TARGET_MB,
                  detail: `${peak.toFixed(0)} MB peak RSS`,
                },
              ],
          peakRssMb: peak,
          note: `${(list.body.length / 1e6).toFixed(1)} MB streamed; peak server RSS ${peak.toFixed(0)} MB`,
        },
      ];
    } finally {
      await database.close();
      await server.stop();
    }
  });
}
