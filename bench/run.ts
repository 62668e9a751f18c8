/**
 * `npm run bench`: starts the built server itself on SQLite and on PostgreSQL (and two instances
 * with Redis, also through a Redis outage), generates its data, drives it with the load driver in bench/load, checks what the
 * database holds afterwards, and prints one table (also bench/results/latest.json).
 *
 *   --quick            reduced sizes, one database for catalog and seats: under a minute
 *   --scenario NAME    one scenario (repeatable); the ceiling always runs first
 *   --sweep            also the flash-sale concurrency sweep (50/100/200/400) for the chart
 *   --broken           the flash sale against a hold that skips the availability check: must fail
 *   --docs             rewrite the table (and chart) in docs/benchmarks.md
 *   --strict           a missed performance target fails the run too
 *   --cpu-prof         write V8 CPU profiles of the servers to bench/results/profiles
 *
 * Exit status: 1 when a correctness check fails or a scenario cannot run; 2 for bad arguments.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import os from 'node:os';
import { detectPostgres, detectRedis } from './setup/backends.js';
import { describeMachine, machineLine, writeDocs, writeResults } from './report/output.js';
import { notRun, type Row } from './report/result.js';
import { textTable } from './report/table.js';
import { RunContext, type DatabaseKind, type Options } from './run-context.js';
import { catalogScenario } from './scenarios/catalog.js';
import { ceilingScenario } from './scenarios/ceiling.js';
import { checkInScenario } from './scenarios/check-in.js';
import { flashSaleGaScenario, sweepScenario, twoInstancesScenario } from './scenarios/flash-sale-ga.js';
import { flashSaleSeatsScenario } from './scenarios/flash-sale-seats.js';
import { bestAvailableSaleScenario } from './scenarios/best-available-sale.js';
import { offlineCheckInScenario } from './scenarios/offline-check-in.js';
import { onSaleQueueScenario } from './scenarios/on-sale-queue.js';
import { pdfScenario } from './scenarios/pdf.js';
import { realTimeScenario } from './scenarios/real-time.js';
import { redisOutageScenario } from './scenarios/redis-outage.js';
import { reservationListScenario } from './scenarios/reservation-list.js';
import { seatMapScenario } from './scenarios/seat-map.js';
import { webhooksScenario } from './scenarios/webhooks.js';

type Scenario = (ctx: RunContext) => Promise<Row[]>;

/** Both databases, PostgreSQL first; with --quick only one (PostgreSQL when there is one), to stay under a minute. */
async function onDatabases(ctx: RunContext, run: (kind: DatabaseKind) => Promise<Row[]>): Promise<Row[]> {
  const kinds: DatabaseKind[] = ctx.options.quick ? [ctx.postgres.ok ? 'postgres' : 'sqlite'] : ['postgres', 'sqlite'];
  const rows: Row[] = [];
  for (const kind of kinds) rows.push(...(await run(kind)));
  return rows;
}

const SCENARIOS: Record<string, Scenario> = {
  ceiling: ceilingScenario,
  catalog: (ctx) => onDatabases(ctx, (kind) => catalogScenario(ctx, kind)),
  'flash-sale-ga': async (ctx) => [
    ...(await flashSaleGaScenario(ctx, 'postgres')),
    ...(await flashSaleGaScenario(ctx, 'sqlite')),
  ],
  // The same sale with every buyer sending one unlimited discount code (issue 18).
  'flash-sale-ga-code': async (ctx) => [
    ...(await flashSaleGaScenario(ctx, 'postgres', false, true)),
    ...(await flashSaleGaScenario(ctx, 'sqlite', false, true)),
  ],
  'flash-sale-seats': (ctx) => onDatabases(ctx, (kind) => flashSaleSeatsScenario(ctx, kind)),
  'best-available-sale': (ctx) => onDatabases(ctx, (kind) => bestAvailableSaleScenario(ctx, kind)),
  'flash-sale-two-instances': twoInstancesScenario,
  'flash-sale-redis-outage': redisOutageScenario,
  'flash-sale-sweep': sweepScenario,
  'check-in': (ctx) => onDatabases(ctx, (kind) => checkInScenario(ctx, kind)),
  'offline-check-in': (ctx) => onDatabases(ctx, (kind) => offlineCheckInScenario(ctx, kind)),
  pdf: pdfScenario,
  // Issue 20: the waiting room's on-sale (50,000 accounts queued for 5,000 tickets).
  'on-sale-queue': onSaleQueueScenario,
  'reservation-list': (ctx) => onDatabases(ctx, (kind) => reservationListScenario(ctx, kind)),
  'real-time': realTimeScenario,
  'seat-map': seatMapScenario,
  webhooks: webhooksScenario,
};
const BY_DEFAULT = Object.keys(SCENARIOS).filter((name) => name !== 'flash-sale-sweep');

function parseArgs(argv: string[]): Options {
  const options: Options = {
    quick: false,
    only: undefined,
    broken: false,
    sweep: false,
    docs: false,
    strict: false,
    cpuProfile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--broken') options.broken = true;
    else if (arg === '--sweep') options.sweep = true;
    else if (arg === '--docs') options.docs = true;
    else if (arg === '--strict') options.strict = true;
    else if (arg === '--cpu-prof') options.cpuProfile = true;
    else if (arg === '--scenario' || arg?.startsWith('--scenario=')) {
      const name = arg.includes('=') ? arg.split('=')[1] : argv[++i];
      if (name === undefined || !(name in SCENARIOS)) {
        process.stderr.write(`bench: unknown scenario "${name ?? ''}"; one of ${Object.keys(SCENARIOS).join(', ')}\n`);
        process.exit(2);
      }
      options.only = [...(options.only ?? []), name];
    } else {
      process.stderr.write(`bench: unknown argument "${arg ?? ''}"\n`);
      process.exit(2);
    }
  }
  return options;
}

function scenarioNames(options: Options): string[] {
  if (options.broken) return [];
  const chosen = options.only ?? [...BY_DEFAULT, ...(options.sweep ? ['flash-sale-sweep'] : [])];
  // Every ratio needs the ceiling of this run.
  return ['ceiling', ...chosen.filter((n) => n !== 'ceiling')];
}

async function runScenario(name: string, scenario: Scenario, ctx: RunContext): Promise<Row[]> {
  const started = Date.now();
  process.stdout.write(`▶ ${name} ...\n`);
  try {
    const rows = await scenario(ctx);
    process.stdout.write(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return rows;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    process.stdout.write(`  ✖ ${name} could not run: ${message}\n`);
    return [
      {
        ...notRun(name, 'could not run', 'error', message.split('\n')[0] ?? ''),
        checks: [{ name: 'ran', ok: false, detail: message }],
      },
    ];
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const postgres = await detectPostgres(process.env);
  const redis = await detectRedis(process.env);
  const runId = `${Date.now().toString(36)}_${randomBytes(2).toString('hex')}`;
  const ctx = new RunContext(options, postgres, redis, runId);
  const machine = describeMachine(postgres.ok ? postgres.value.version : 'not configured', redis.ok ? 'on' : 'off');
  process.stdout.write(`iaTichet bench${options.quick ? ' (quick)' : ''}: ${machineLine(machine)}\n`);
  if (!postgres.ok) process.stdout.write(`PostgreSQL scenarios skipped: ${postgres.reason}\n`);
  if (!redis.ok) process.stdout.write(`Redis scenarios skipped: ${redis.reason}\n`);
  if (machine.loadBefore > 1) {
    process.stdout.write(`note: load average ${machine.loadBefore.toFixed(1)} before the run; other work skews these numbers\n`);
  }

  const started = Date.now();
  const rows: Row[] = [];
  try {
    for (const name of scenarioNames(options)) rows.push(...(await runScenario(name, SCENARIOS[name] as Scenario, ctx)));
    if (options.broken) {
      rows.push(
        ...(await runScenario(
          'flash-sale-ga against the broken double',
          (c) => flashSaleGaScenario(c, postgres.ok ? 'postgres' : 'sqlite', true),
          ctx,
        )),
      );
    }
  } finally {
    rmSync(ctx.scratch, { recursive: true, force: true });
  }
  machine.loadAfter = os.loadavg()[0] ?? 0;

  const failedChecks = rows.some((r) => r.checks.some((c) => !c.ok));
  const missedTargets = rows.some((r) => r.targets.some((t) => !t.ok));
  const judged = rows.some((r) => r.targets.length > 0);
  const failed = failedChecks || (options.strict && missedTargets);
  process.stdout.write(`\n${textTable(rows)}\n\n`);
  const command = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  writeResults(rows, machine, command, failed);
  if (options.docs) await writeDocs(rows, machine, command);
  process.stdout.write(
    `${failedChecks ? 'FAIL: a correctness check failed' : 'correctness: every check passed'}; ` +
      `${!judged ? 'no performance target judged in this run' : missedTargets ? 'some performance targets missed' : 'every performance target judged was met'}; ` +
      `${((Date.now() - started) / 1000).toFixed(0)} s; results in bench/results/latest.json\n`,
  );
  return failed ? 1 : 0;
}

process.exit(await main());
