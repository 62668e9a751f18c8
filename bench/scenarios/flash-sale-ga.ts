/**
 * Scenarios 3 and 5 (issue 5, Done-when 5): a flash sale of general-admission tickets to many
 * distinct signed-in buyers, each trying once for one ticket, on one instance or split over two
 * instances sharing PostgreSQL and Redis. Also the concurrency sweep behind the chart, and the
 * run against the broken double that must fail.
 */
import type { DatabaseHandle } from '../../server/src/db/database.js';
import { readInventory, saleChecks } from '../checks/inventory.js';
import { CpuMeter, describeCpu } from '../load/cpu.js';
import { PgActivitySampler } from '../load/pg-activity.js';
import type { Check, Row, Target } from '../report/result.js';
import { notRun } from '../report/result.js';
import { openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { createGeneralEvent, signInAdmin } from '../setup/api-session.js';
import { createSignedInUsers, fetchCsrfTokens, type Buyer } from '../setup/buyers.js';
import type { ServerProcess } from '../setup/processes.js';
import { describeByOutcome, reserveOneTicket, runSale, serverErrors, unexpectedOutcomes } from './sale-driver.js';

const RESERVATIONS_PER_SECOND_TARGET = 1000;
const P99_TARGET_MS = 250;
const TARGET_CONNECTIONS = 200;

export interface Sale {
  scenario: string;
  variant: string;
  backend: string;
  servers: ServerProcess[];
  database: DatabaseHandle;
  buyers: Buyer[];
  tickets: number;
  connections: number;
  /** Evaluate issue 5's targets on this sale. */
  withTargets: boolean;
  /**
   * Every buyer sends this unlimited discount code (issue 18): the hold counts each use under the
   * code row's lock, so the sale measures what a shared code costs the grouped holds.
   */
  code?: string;
  /** Runs beside the sale from its first request (e.g. stops Redis for a while); awaited after it. */
  alongside?: (sale: { ticketTypeId: string; over: () => boolean }) => Promise<void>;
}

export async function sellGeneralAdmission(ctx: RunContext, sale: Sale): Promise<Row> {
  const ports = sale.servers.map((s) => s.port);
  const admin = await signInAdmin(ports[0] ?? 0);
  const { eventId, ticketTypeId } = await createGeneralEvent(admin, sale.tickets)
    .then(async (made) => {
      if (sale.code !== undefined)
        await admin.call('POST', `/api/events/${made.eventId}/codes`, { code: sale.code, kind: 'discount', percentOff: 10 });
      return made;
    })
    .finally(() => admin.close());
  for (const server of sale.servers) server.resetPeak();
  const cpu = await CpuMeter.start(
    sale.servers.map((s) => s.pid),
    sale.backend.startsWith('postgres') ? sale.database.db : undefined,
  );
  const activity = sale.backend.startsWith('postgres') ? new PgActivitySampler(sale.database.db) : undefined;
  activity?.start();
  let over = false;
  const beside = sale.alongside?.({ ticketTypeId, over: () => over });
  const result = await runSale(ports, sale.connections, sale.buyers, reserveOneTicket(eventId, ticketTypeId, sale.code));
  over = true;
  await beside;
  const stats = result.drive.recorder.stats('reserve');
  const cpuUse = await cpu.stop(stats.count);
  const backends = activity?.stop();
  const perSecond = result.confirmed / (result.sellingMs / 1000);
  const inventory = await readInventory(sale.database.db, eventId);
  const unexpected = unexpectedOutcomes(result.outcomes, ['201', '409 sold_out']);
  const checks: Check[] = [
    ...saleChecks(inventory, result.confirmed, sale.buyers.length >= sale.tickets),
    {
      name: '0 server errors',
      ok: serverErrors(result.outcomes) === 0,
      detail: `${serverErrors(result.outcomes)} 5xx or no answer`,
    },
    { name: 'only 201 or 409 sold_out', ok: Object.keys(unexpected).length === 0, detail: JSON.stringify(unexpected) },
    {
      name: 'every buyer tried',
      ok: !result.drive.timedOut,
      detail: `${result.drive.completedJobs} of ${sale.buyers.length}`,
    },
  ];
  const targets: Target[] = sale.withTargets
    ? [
        {
          name: `≥ ${RESERVATIONS_PER_SECOND_TARGET} reservations/s (issue 5)`,
          ok: perSecond >= RESERVATIONS_PER_SECOND_TARGET,
          detail: `${perSecond.toFixed(0)}/s`,
        },
        { name: `p99 < ${P99_TARGET_MS} ms (issue 5)`, ok: stats.p99 < P99_TARGET_MS, detail: `${stats.p99.toFixed(0)} ms` },
      ]
    : [];
  const pgbench = ctx.ceiling.pgbenchTps;
  const ratio =
    sale.backend.startsWith('postgres') && pgbench !== undefined
      ? { value: perSecond / pgbench, of: `pgbench -c ${ctx.ceiling.pgbenchClients ?? '?'}` }
      : ctx.ceiling.bareRps !== undefined
        ? { value: perSecond / ctx.ceiling.bareRps, of: 'bare route' }
        : undefined;
  return {
    scenario: sale.scenario,
    variant: sale.variant,
    backend: sale.backend,
    state: 'ran',
    connections: sale.connections,
    requests: stats.count,
    seconds: result.drive.elapsedMs / 1000,
    throughput: { value: perSecond, unit: 'reservations/s' },
    latency: stats,
    statuses: result.outcomes,
    checks,
    targets,
    peakRssMb: Math.max(...sale.servers.map((s) => s.peakRssMb())),
    ...(ratio === undefined ? {} : { ceilingRatio: ratio }),
    note:
      `${sale.tickets} tickets, ${sale.buyers.length} buyers; sold in ${(result.sellingMs / 1000).toFixed(1)} s, ` +
      `${(stats.count / (result.drive.elapsedMs / 1000)).toFixed(0)} req/s overall; latency by outcome: ${describeByOutcome(result.latencyByOutcome)}; ` +
      describeCpu(cpuUse, 'request') +
      (backends === undefined ? '' : `; PostgreSQL backends on average: ${backends}`),
  };
}

/** Signed-in buyers with their CSRF tokens, fetched round-robin from every instance. */
export async function prepareBuyers(database: DatabaseHandle, servers: ServerProcess[], count: number): Promise<Buyer[]> {
  const users = await createSignedInUsers(database.db, count);
  return fetchCsrfTokens(
    servers.map((s) => s.port),
    users,
  );
}

/**
 * Scenario 3 on one database kind; `broken` runs it against the double that skips the check, and
 * `withCode` has every buyer send one unlimited discount code (flash-sale-ga-code).
 */
export async function flashSaleGaScenario(ctx: RunContext, kind: DatabaseKind, broken = false, withCode = false): Promise<Row[]> {
  const scenario = broken ? 'flash-sale-ga (broken double)' : withCode ? 'flash-sale-ga-code' : 'flash-sale-ga';
  if (kind === 'postgres' && !ctx.postgres.ok)
    return [notRun(scenario, 'general admission', 'skipped', ctx.postgres.reason, kind)];
  const { gaTickets, gaUsers, connections } = ctx.sizes;
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url, { kind: broken ? 'broken' : 'app' });
    const database = openBenchDatabase(url);
    try {
      const buyers = await prepareBuyers(database, [server], gaUsers);
      return [
        await sellGeneralAdmission(ctx, {
          scenario,
          variant: `${gaTickets} tickets, c=${connections}`,
          backend: kind,
          servers: [server],
          database,
          buyers,
          tickets: gaTickets,
          connections,
          withTargets: kind === 'postgres' && !ctx.options.quick && !broken && connections === TARGET_CONNECTIONS,
          ...(withCode ? { code: 'FLASH10' } : {}),
        }),
      ];
    } finally {
      await database.close();
      await server.stop();
    }
  });
}

/** Scenario 5: the same sale with buyers spread round-robin over two instances. */
export async function twoInstancesScenario(ctx: RunContext): Promise<Row[]> {
  const scenario = 'flash-sale-two-instances';
  if (!ctx.postgres.ok) return [notRun(scenario, 'general admission', 'skipped', ctx.postgres.reason, 'postgres+redis x2')];
  if (!ctx.redis.ok) return [notRun(scenario, 'general admission', 'skipped', ctx.redis.reason, 'postgres+redis x2')];
  const { gaTickets, gaUsers, connections } = ctx.sizes;
  return ctx.withRedis((redisUrl) =>
    ctx.withDatabase('postgres', async (url) => {
      // The first instance migrates; the second starts once it is ready, as a rolling deploy would.
      const first = await ctx.startApp(url, { redisUrl });
      const servers = [first];
      const database = openBenchDatabase(url);
      try {
        servers.push(await ctx.startApp(url, { redisUrl }));
        const buyers = await prepareBuyers(database, servers, gaUsers);
        return [
          await sellGeneralAdmission(ctx, {
            scenario,
            variant: `${gaTickets} tickets, c=${connections}`,
            backend: 'postgres+redis x2',
            servers,
            database,
            buyers,
            tickets: gaTickets,
            connections,
            withTargets: false,
          }),
        ];
      } finally {
        await database.close();
        await Promise.all(servers.map((s) => s.stop()));
      }
    }),
  );
}

/** The sweep behind the chart: one server and one crowd of buyers, a fresh event per concurrency. */
export async function sweepScenario(ctx: RunContext): Promise<Row[]> {
  const kind: DatabaseKind = ctx.postgres.ok ? 'postgres' : 'sqlite';
  const { sweepTickets, sweepUsers, sweepConnections } = ctx.sizes;
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url);
    const database = openBenchDatabase(url);
    try {
      const buyers = await prepareBuyers(database, [server], sweepUsers);
      const rows: Row[] = [];
      for (const connections of sweepConnections) {
        rows.push(
          await sellGeneralAdmission(ctx, {
            scenario: 'flash-sale-sweep',
            variant: `c=${connections}`,
            backend: kind,
            servers: [server],
            database,
            buyers,
            tickets: sweepTickets,
            connections,
            withTargets: false,
          }),
        );
      }
      return rows;
    } finally {
      await database.close();
      await server.stop();
    }
  });
}
