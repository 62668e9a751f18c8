/**
 * Scenario 2, the catalog over 10,000 events (issue 4, Done-when 4): a keyword search the cache
 * answers (the same query again and again) against the bare-route ceiling, and keyword searches
 * the cache cannot answer (every request a different query) for their latency. The server's own
 * /metrics counters tell how many answers really came from the cache.
 *
 * Searches are sent as a browser sends them, with its Accept-Encoding, so large answers come back
 * gzipped (compressed once per cached copy, not per request). The cached search is also measured
 * without compression, so that both costs are on the page.
 */
import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';
import { CpuMeter, describeCpu } from '../load/cpu.js';
import { drive, type JobContext } from '../load/drive.js';
import { HttpConnection } from '../load/http-connection.js';
import type { Check, Row, Target } from '../report/result.js';
import { notRun } from '../report/result.js';
import { APP_WARM_UP, openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { CACHED_QUERY, SEARCH_WORDS, seedCatalog } from '../setup/catalog-data.js';
import type { ServerProcess } from '../setup/processes.js';

const WARMUP_MS = 1000;
/**
 * Uncached latency: one search at a time (the search itself), a moderate load of 10, and the full
 * load. The target names no load, so it is judged at 1 and at 10 connections.
 */
const UNCACHED_LOADS = [1, 10];
const METRICS_TIMEOUT_MS = 60_000;
const CACHED_RATIO_TARGET = 0.5;
/** What Chromium sends with every fetch. */
const BROWSER: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br, zstd' };
const NO_COMPRESSION: Record<string, string> = {};
const UNCACHED_P99_TARGET_MS = 50;

/** What the server's /metrics says: its catalog cache counters and its memory, in MB. */
interface ServerGauges {
  hit: number;
  miss: number;
  heapMb: number;
  externalMb: number;
  rssMb: number;
}

/** Read from /metrics; undefined when it does not answer in time. */
async function serverGauges(port: number): Promise<ServerGauges | undefined> {
  const connection = new HttpConnection(port, METRICS_TIMEOUT_MS);
  try {
    const text = (await connection.request({ method: 'GET', path: '/metrics' })).body.toString('utf8');
    const read = (result: string) =>
      Number(new RegExp(`iatichet_cache_lookups_total\\{cache="catalog",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    const megabytes = (metric: string) => Number(new RegExp(`^${metric} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
    return {
      hit: read('hit'),
      miss: read('miss'),
      heapMb: megabytes('nodejs_heap_size_used_bytes'),
      externalMb: megabytes('nodejs_external_memory_bytes'),
      rssMb: megabytes('process_resident_memory_bytes'),
    };
  } catch {
    return undefined;
  } finally {
    connection.close();
  }
}

/** Distinct searches: every word, its prefixes, and adjective-genre pairs, times five page sizes. */
function distinctQueries(): string[] {
  const bases = new Set<string>();
  for (const word of SEARCH_WORDS) for (let n = 3; n <= word.length; n++) bases.add(word.slice(0, n));
  const words = SEARCH_WORDS.filter((w) => !w.includes(' '));
  for (let i = 0; i < 600; i++) bases.add(`${words[(i * 7) % words.length] ?? ''} ${words[(i * 13 + 3) % words.length] ?? ''}`);
  const list = [...bases];
  return Array.from({ length: list.length * 5 }, (_, i) => {
    const q = list[(i * 7919) % list.length] ?? '';
    return `/api/events?q=${encodeURIComponent(q)}&limit=${20 + Math.floor(i / list.length)}`;
  });
}

async function measure(
  server: ServerProcess,
  postgres: Kysely<Database> | undefined,
  connections: number,
  seconds: number,
  path: (i: number) => string,
  headers: Record<string, string> = BROWSER,
): Promise<{
  row: Omit<Row, 'scenario' | 'variant' | 'backend' | 'targets'>;
  rps: number;
  p99: number;
  cache: string;
  cpu: string;
}> {
  const before = await serverGauges(server.port);
  server.resetPeak();
  const cpu = await CpuMeter.start([server.pid], postgres);
  const result = await drive({
    ports: [server.port],
    connections,
    maxDurationMs: seconds * 1000,
    warmUp: APP_WARM_UP,
    job: async ({ index, timed }: JobContext) => {
      await timed('search', { method: 'GET', path: path(index), headers, discardBody: true });
    },
  });
  const after = await serverGauges(server.port);
  const cacheNote =
    before === undefined || after === undefined
      ? 'cache counters unavailable (/metrics did not answer)'
      : `cache hits ${after.hit - before.hit}, misses ${after.miss - before.miss}`;
  // The server's memory when the measurement began: tells a process that starts out bloated.
  const memoryNote =
    before === undefined
      ? ''
      : `; server at start: heap ${before.heapMb.toFixed(0)} MB, buffers ${before.externalMb.toFixed(0)} MB, RSS ${before.rssMb.toFixed(0)} MB`;
  const stats = result.recorder.stats('search');
  const cpuUse = await cpu.stop(stats.count);
  const ok = stats.statuses['200'] ?? 0;
  const errorStatuses = Object.entries(stats.statuses)
    .filter(([status]) => Number(status) >= 400)
    .reduce((sum, [, n]) => sum + n, 0);
  const rps = ok / (result.elapsedMs / 1000);
  return {
    rps,
    p99: stats.p99,
    cache: `${cacheNote}${memoryNote}`,
    cpu: describeCpu(cpuUse, 'request'),
    row: {
      state: 'ran',
      connections,
      requests: stats.count,
      seconds: result.elapsedMs / 1000,
      throughput: { value: rps, unit: 'req/s' },
      latency: stats,
      statuses: stats.statuses,
      // A time-out is slowness (reported in the statuses), not a wrong answer; an error status is.
      checks: [{ name: 'no error status', ok: errorStatuses === 0, detail: JSON.stringify(stats.statuses) }],
      peakRssMb: server.peakRssMb(),
    },
  };
}

/** The gzipped answer a browser gets decodes to the very answer sent uncompressed. */
async function sameAnswerGzipped(port: number, path: string): Promise<Check> {
  const connection = new HttpConnection(port);
  try {
    const plain = await connection.request({ method: 'GET', path });
    const zipped = await connection.request({ method: 'GET', path, headers: BROWSER });
    const encoding = zipped.headers.get('content-encoding')?.[0];
    const same = encoding === 'gzip' && gunzipSync(zipped.body).equals(plain.body);
    return {
      name: 'gzipped answer = uncompressed answer',
      ok: plain.status === 200 && zipped.status === 200 && same,
      detail: `${plain.body.length} bytes, ${zipped.body.length} gzipped (${encoding ?? 'no content-encoding'})`,
    };
  } finally {
    connection.close();
  }
}

export async function catalogScenario(ctx: RunContext, kind: DatabaseKind): Promise<Row[]> {
  if (kind === 'postgres' && !ctx.postgres.ok) return [notRun('catalog', 'keyword search', 'skipped', ctx.postgres.reason, kind)];
  const { connections, loadSeconds, catalogEvents } = ctx.sizes;
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url);
    const database = openBenchDatabase(url);
    const postgres = kind === 'postgres' ? database.db : undefined;
    try {
      await seedCatalog(database.db, catalogEvents);
      const cachedPath = () => `/api/events?q=${CACHED_QUERY}`;
      await drive({
        ports: [server.port],
        connections,
        maxDurationMs: WARMUP_MS,
        job: async ({ timed }) => {
          await timed('warm', { method: 'GET', path: cachedPath(), headers: BROWSER });
        },
      });
      const encodings = await sameAnswerGzipped(server.port, cachedPath());
      const cached = await measure(server, postgres, connections, loadSeconds, cachedPath);
      const bare = ctx.ceiling.bareRps;
      const ratio = bare === undefined ? undefined : cached.rps / bare;
      const cachedTarget: Target[] =
        ratio === undefined || ctx.options.quick
          ? []
          : [
              {
                name: `cached ≥ ${CACHED_RATIO_TARGET * 100}% of bare route (issue 4)`,
                ok: ratio >= CACHED_RATIO_TARGET,
                detail: `${(ratio * 100).toFixed(0)}%`,
              },
            ];

      const queries = distinctQueries();
      const uncachedPath = (i: number) => queries[i % queries.length] ?? '';
      const rows: Row[] = [
        {
          scenario: 'catalog',
          variant: `cached search, ${catalogEvents} events`,
          backend: kind,
          ...cached.row,
          checks: [...cached.row.checks, encodings],
          note: `q=${CACHED_QUERY} repeated, as a browser asks (gzip accepted); ${cached.cache}; ${cached.cpu}`,
          targets: cachedTarget,
          ...(ratio === undefined ? {} : { ceilingRatio: { value: ratio, of: 'bare route' } }),
        },
      ];
      if (!ctx.options.quick) {
        const identity = await measure(server, postgres, connections, loadSeconds, cachedPath, NO_COMPRESSION);
        rows.push({
          scenario: 'catalog',
          variant: `cached search, no compression asked`,
          backend: kind,
          ...identity.row,
          note: `q=${CACHED_QUERY} repeated without Accept-Encoding (the whole JSON page each time); ${identity.cache}; ${identity.cpu}`,
          targets: [],
          ...(bare === undefined ? {} : { ceilingRatio: { value: identity.rps / bare, of: 'bare route' } }),
        });
      }
      if (kind === 'sqlite' && !ctx.options.quick) {
        // Every global hook (security headers, CORS, CSRF, rate limit, auth, metrics) and a tiny body:
        // what separates the bare route from the app before any catalog work.
        const hooks = await measure(server, postgres, connections, loadSeconds, () => '/healthz');
        rows.push({
          scenario: 'catalog',
          variant: 'app GET /healthz (hooks, no work)',
          backend: '-',
          ...hooks.row,
          note: `for comparison: the app's per-request cost without the catalog; ${hooks.cpu}`,
          targets: [],
          ...(bare === undefined ? {} : { ceilingRatio: { value: hooks.rps / bare, of: 'bare route' } }),
        });
      }

      // SQLite searches run on the event loop and take seconds each at 10,000 events: one at a time only.
      const loads = ctx.options.quick || kind === 'sqlite' ? [1] : [...UNCACHED_LOADS, connections];
      for (const c of loads) {
        const uncached = await measure(server, postgres, c, loadSeconds, uncachedPath);
        const targets: Target[] =
          kind === 'postgres' && UNCACHED_LOADS.includes(c) && !ctx.options.quick
            ? [
                {
                  name: `uncached p99 < ${UNCACHED_P99_TARGET_MS} ms at c=${c} (issue 4)`,
                  ok: uncached.p99 < UNCACHED_P99_TARGET_MS,
                  detail: `${uncached.p99.toFixed(1)} ms`,
                },
              ]
            : [];
        rows.push({
          scenario: 'catalog',
          variant: `uncached search, ${catalogEvents} events`,
          backend: kind,
          ...uncached.row,
          note: `a different query each request (${queries.length} in rotation); ${uncached.cache}; ${uncached.cpu}`,
          targets,
          ...(bare === undefined ? {} : { ceilingRatio: { value: uncached.rps / bare, of: 'bare route' } }),
        });
      }
      return rows;
    } finally {
      await database.close();
      await server.stop();
    }
  });
}
