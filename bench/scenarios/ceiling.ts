/**
 * Scenario 1, the ceilings every other number is compared with, measured in the same run:
 * a bare Fastify route (requests per second at the run's connection count) and pgbench's
 * simple-update transactions per second on a fresh database.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { CpuMeter, describeCpu } from '../load/cpu.js';
import { drive, type JobContext } from '../load/drive.js';
import type { Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import type { RunContext } from '../run-context.js';
import { createPostgresDatabase, postgresConnectionsLeft } from '../setup/backends.js';
import { startServer } from '../setup/processes.js';

const WARMUP_MS = 1000;
const PGBENCH_CLIENTS = 200;
/** The app's PostgreSQL pool (server/src/db/database.ts): what one instance can use at once. */
const APP_POOL_SIZE = 20;

async function bareRoute(ctx: RunContext): Promise<Row> {
  const { connections, loadSeconds } = ctx.sizes;
  const server = await startServer('ceiling', { env: {} });
  try {
    const job = async ({ timed }: JobContext) => {
      await timed('bare', { method: 'GET', path: '/', discardBody: true });
    };
    await drive({ ports: [server.port], connections, maxDurationMs: WARMUP_MS, job });
    server.resetPeak();
    const cpu = await CpuMeter.start([server.pid], undefined);
    const result = await drive({
      ports: [server.port],
      connections,
      maxDurationMs: loadSeconds * 1000,
      warmUp: { method: 'GET', path: '/' },
      job,
    });
    const stats = result.recorder.stats('bare');
    const cpuUse = await cpu.stop(stats.count);
    const rps = (stats.statuses['200'] ?? 0) / (result.elapsedMs / 1000);
    ctx.ceiling.bareRps = rps;
    return {
      scenario: 'ceiling',
      variant: 'bare Fastify route',
      backend: '-',
      state: 'ran',
      connections,
      requests: stats.count,
      seconds: result.elapsedMs / 1000,
      throughput: { value: rps, unit: 'req/s' },
      latency: stats,
      statuses: stats.statuses,
      checks: [{ name: 'all 200', ok: stats.statuses['200'] === stats.count, detail: JSON.stringify(stats.statuses) }],
      targets: [],
      peakRssMb: server.peakRssMb(),
      ceilingRatio: { value: 1, of: 'bare route' },
      note: describeCpu(cpuUse, 'request'),
    };
  } finally {
    await server.stop();
  }
}

function findPgbench(): string | undefined {
  try {
    return execFileSync('which', ['pgbench'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    const root = '/usr/lib/postgresql';
    const versions = existsSync(root) ? readdirSync(root).sort().reverse() : [];
    return versions.map((v) => `${root}/${v}/bin/pgbench`).find((p) => existsSync(p));
  }
}

function connectionArgs(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const args = ['-h', u.hostname, '-p', u.port || '5432'];
  if (u.username) args.push('-U', decodeURIComponent(u.username));
  const env = { ...process.env, ...(u.password ? { PGPASSWORD: decodeURIComponent(u.password) } : {}) };
  return { args: [...args, u.pathname.slice(1)], env };
}

function runPgbench(binary: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`pgbench exited with ${code}: ${output.slice(-500)}`));
    });
  });
}

async function pgbench(ctx: RunContext): Promise<Row[]> {
  if (!ctx.postgres.ok) return [notRun('ceiling', 'pgbench simple-update', 'skipped', ctx.postgres.reason, 'postgres')];
  const binary = findPgbench();
  if (binary === undefined)
    return [notRun('ceiling', 'pgbench simple-update', 'skipped', 'pgbench is not installed', 'postgres')];
  const database = await createPostgresDatabase(ctx.postgres.value, ctx.runId);
  try {
    const { args, env } = connectionArgs(database.url);
    const seconds = ctx.sizes.loadSeconds;
    await runPgbench(binary, ['-i', '-q', ...args], env, 120_000);
    const rows: Row[] = [];
    // PostgreSQL refuses clients past max_connections: ask for 200, run with what it can take.
    const allowed = await postgresConnectionsLeft(ctx.postgres.value);
    const counts = [Math.min(PGBENCH_CLIENTS, allowed), ...(ctx.options.quick ? [] : [Math.min(APP_POOL_SIZE, allowed)])];
    for (const clients of [...new Set(counts)]) {
      const output = await runPgbench(
        binary,
        ['-c', String(clients), '-j', '2', '-T', String(seconds), '-N', ...args],
        env,
        (seconds + 60) * 1000,
      );
      const tps = Number(/tps = ([\d.]+)/.exec(output)?.[1] ?? 0);
      const latency = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1] ?? 0);
      const transactions = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? 0);
      const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
      if (clients === Math.min(PGBENCH_CLIENTS, allowed)) {
        ctx.ceiling.pgbenchTps = tps;
        ctx.ceiling.pgbenchClients = clients;
      }
      rows.push({
        scenario: 'ceiling',
        variant: `pgbench simple-update -c ${clients}`,
        backend: 'postgres',
        state: 'ran',
        note: [
          `mean latency ${latency} ms`,
          clients === APP_POOL_SIZE
            ? "the app's pool size per instance"
            : clients < PGBENCH_CLIENTS
              ? `${PGBENCH_CLIENTS} clients asked; max_connections allows ${allowed}`
              : '',
        ]
          .filter(Boolean)
          .join('; '),
        connections: clients,
        requests: transactions,
        seconds,
        throughput: { value: tps, unit: 'tps' },
        checks: [{ name: 'no failed transactions', ok: failed === 0, detail: `${failed} failed` }],
        targets: [],
      });
    }
    return rows;
  } finally {
    await database.drop();
  }
}

export async function ceilingScenario(ctx: RunContext): Promise<Row[]> {
  return [await bareRoute(ctx), ...(await pgbench(ctx))];
}
