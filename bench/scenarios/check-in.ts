/**
 * Check-in at the door (issue 6, Done-when 4): staff scanners posting distinct signed codes to
 * POST /api/checkin as fast as the server answers. The target is PostgreSQL's; SQLite's number is
 * reported beside it. Afterwards the database must hold exactly one check-in per code and one scan
 * record per request, and 50 scanners sending one fresh code at the same moment must get exactly
 * one `ok`.
 */
import path from 'node:path';
import { CpuMeter, describeCpu } from '../load/cpu.js';
import { drive } from '../load/drive.js';
import type { Check, Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import { APP_WARM_UP, openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { createGeneralEvent, signInAdmin } from '../setup/api-session.js';
import { createSignedInUsers, fetchCsrfTokens } from '../setup/buyers.js';
import { benchSigningKey, insertPaidTickets, openSigner } from '../setup/paid-tickets.js';

const TARGET_PER_SECOND = 2000;
const SIMULTANEOUS = 50;

export async function checkInScenario(ctx: RunContext, kind: DatabaseKind): Promise<Row[]> {
  const variant = 'distinct codes, staff scanners';
  if (kind === 'postgres' && !ctx.postgres.ok) return [notRun('check-in', variant, 'skipped', ctx.postgres.reason, 'postgres')];
  const tickets = ctx.options.quick ? 2000 : kind === 'postgres' ? 20_000 : 10_000;
  const connections = ctx.options.quick ? 50 : 100;
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url);
    const database = openBenchDatabase(url);
    try {
      const admin = await signInAdmin(server.port);
      const { eventId, ticketTypeId } = await createGeneralEvent(admin, tickets + 1).finally(() => admin.close());
      const [owner] = await createSignedInUsers(database.db, 1);
      if (owner === undefined) throw new Error('no ticket owner');
      const paid = await insertPaidTickets(database.db, { eventId, ticketTypeId, userId: owner.userId }, tickets + 1, 1);
      // The bench signs with a key of its own; the server trusts every key recorded in the database.
      const signer = await openSigner(database.db, path.join(ctx.scratch, 'bench-signing'), benchSigningKey());
      const codes = paid.ticketIds.map((id) => signer.sign(id));
      const fresh = codes.pop() ?? '';
      const staffUsers = await createSignedInUsers(database.db, connections);
      await database.db
        .updateTable('users')
        .set({ role: 'staff' })
        .where(
          'id',
          'in',
          staffUsers.map((u) => u.userId),
        )
        .execute();
      const staff = await fetchCsrfTokens([server.port], staffUsers);

      const results = new Map<string, number>();
      server.resetPeak();
      const cpu = await CpuMeter.start([server.pid], kind === 'postgres' ? database.db : undefined);
      const run = await drive({
        ports: [server.port],
        connections,
        jobs: codes.length,
        maxDurationMs: 120_000,
        warmUp: APP_WARM_UP,
        job: async ({ index, worker, timed }) => {
          const scanner = staff[worker % staff.length];
          if (scanner === undefined) return;
          const response = await timed('checkin', {
            method: 'POST',
            path: '/api/checkin',
            headers: scanner.headers,
            json: { code: codes[index], eventId, device: `bench door ${worker}` },
          });
          if (response?.status === 200) {
            const { result } = JSON.parse(response.body.toString('utf8')) as { result: string };
            results.set(result, (results.get(result) ?? 0) + 1);
          }
        },
      });
      const stats = run.recorder.stats('checkin');
      const cpuUse = await cpu.stop(stats.count);
      const perSecond = (results.get('ok') ?? 0) / (run.elapsedMs / 1000);

      const race = await drive({
        ports: [server.port],
        connections: SIMULTANEOUS,
        jobs: SIMULTANEOUS,
        maxDurationMs: 30_000,
        // Open first, so that the scans of one code really arrive together.
        warmUp: APP_WARM_UP,
        job: async ({ worker, timed }) => {
          const scanner = staff[worker % staff.length];
          if (scanner === undefined) return;
          const response = await timed('race', {
            method: 'POST',
            path: '/api/checkin',
            headers: scanner.headers,
            json: { code: fresh, eventId, device: `bench race ${worker}` },
          });
          if (response?.status === 200) {
            const { result } = JSON.parse(response.body.toString('utf8')) as { result: string };
            results.set(`race ${result}`, (results.get(`race ${result}`) ?? 0) + 1);
          }
        },
      });

      const inDb = await database.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.count<number>('checked_in_at').as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
      const scans = await database.db
        .selectFrom('checkin_scans')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('event_id', '=', eventId)
        .executeTakeFirstOrThrow();
      const raceStats = race.recorder.stats('race');
      const checks: Check[] = [
        {
          name: 'every code ok once',
          ok: results.get('ok') === codes.length,
          detail: `${results.get('ok') ?? 0} of ${codes.length}`,
        },
        { name: 'only 200 answers', ok: stats.statuses['200'] === stats.count, detail: JSON.stringify(stats.statuses) },
        {
          name: `${SIMULTANEOUS} simultaneous scans of one code: one ok`,
          ok: results.get('race ok') === 1 && results.get('race already_checked_in') === SIMULTANEOUS - 1,
          detail: `ok ${results.get('race ok') ?? 0}, already ${results.get('race already_checked_in') ?? 0}, statuses ${JSON.stringify(raceStats.statuses)}`,
        },
        { name: 'checked-in tickets in the database', ok: inDb.n === codes.length + 1, detail: `${inDb.n}` },
        {
          name: 'one scan record per request',
          ok: scans.n === stats.count + raceStats.count,
          detail: `${scans.n} of ${stats.count + raceStats.count}`,
        },
      ];
      return [
        {
          scenario: 'check-in',
          variant,
          backend: kind,
          state: 'ran',
          connections,
          requests: stats.count,
          seconds: run.elapsedMs / 1000,
          throughput: { value: perSecond, unit: 'check-ins/s' },
          latency: stats,
          statuses: stats.statuses,
          checks,
          targets:
            ctx.options.quick || kind !== 'postgres'
              ? []
              : [
                  {
                    name: `≥ ${TARGET_PER_SECOND.toLocaleString('en')} check-ins/s (issue 6)`,
                    ok: perSecond >= TARGET_PER_SECOND,
                    detail: `${perSecond.toFixed(0)}/s`,
                  },
                ],
          peakRssMb: server.peakRssMb(),
          note: `${codes.length} paid tickets, each scanned once by ${connections} scanners; ${describeCpu(cpuUse, 'check-in')}`,
        },
      ];
    } finally {
      await database.close();
      await server.stop();
    }
  });
}
