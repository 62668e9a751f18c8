/**
 * The load driver: a fixed number of keep-alive connections, each running jobs one after another
 * (a closed loop), until the jobs run out or the time is up. Every loop here is bounded by both.
 * Each request a job times is recorded under a name with its status and latency.
 *
 * With `warmUp`, every connection is opened and has that request answered before the clock starts.
 * Without it the first job on each connection also times TCP set-up and the server's accept, which
 * libuv does one connection per event-loop turn: under load, 200 connections opened at once wait up
 * to half a second to be accepted, and those 200 first requests (2% of a 10,000-buyer sale) would
 * set the p99. Later jobs reuse the open connection, as a browser that loaded the page does.
 */
import { performance } from 'node:perf_hooks';
import { HttpConnection, type HttpRequest, type HttpResponse } from './http-connection.js';

export interface RequestStats {
  count: number;
  /** Responses by status code; 'error' for a socket error or time-out. */
  statuses: Record<string, number>;
  p50: number;
  p99: number;
  max: number;
}

export class Recorder {
  private readonly series = new Map<string, { latencies: number[]; statuses: Map<string, number> }>();
  readonly errors: string[] = [];

  record(name: string, status: string, ms: number): void {
    let entry = this.series.get(name);
    if (entry === undefined) {
      entry = { latencies: [], statuses: new Map() };
      this.series.set(name, entry);
    }
    entry.latencies.push(ms);
    entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  }

  stats(name: string): RequestStats {
    const entry = this.series.get(name);
    if (entry === undefined) return { count: 0, statuses: {}, p50: 0, p99: 0, max: 0 };
    const sorted = Float64Array.from(entry.latencies).sort();
    const at = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0;
    return {
      count: sorted.length,
      statuses: Object.fromEntries([...entry.statuses].sort(([a], [b]) => a.localeCompare(b))),
      p50: at(0.5),
      p99: at(0.99),
      max: sorted[sorted.length - 1] ?? 0,
    };
  }

  count(name: string, status: string): number {
    return this.series.get(name)?.statuses.get(status) ?? 0;
  }
}

export interface JobContext {
  /** The job's number, 0 to jobs - 1: which user, which query. */
  index: number;
  /** Which connection (worker) runs it. */
  worker: number;
  /** Sends a request on this worker's connection, records it, and answers undefined on a socket error. */
  timed: (name: string, request: HttpRequest) => Promise<HttpResponse | undefined>;
}

export interface DriveOptions {
  /** Connections are spread over these ports round-robin (two server instances: two ports). */
  ports: number[];
  connections: number;
  /** Always set: nothing runs longer than this. */
  maxDurationMs: number;
  /** Stop after this many jobs; omitted: run until maxDurationMs. */
  jobs?: number;
  /** Sent once on every connection before the clock starts (not recorded); it must answer 2xx. */
  warmUp?: HttpRequest;
  job: (context: JobContext) => Promise<void>;
}

export interface DriveResult {
  recorder: Recorder;
  /** performance.now() when the clock started: after the warm-up. */
  startedAt: number;
  elapsedMs: number;
  completedJobs: number;
  /** True when the time ran out before every job was done. */
  timedOut: boolean;
}

const MAX_ERRORS_KEPT = 5;

export async function drive(options: DriveOptions): Promise<DriveResult> {
  const recorder = new Recorder();
  const jobs = options.jobs ?? Number.MAX_SAFE_INTEGER;
  const connections = Array.from(
    { length: options.connections },
    (_, w) => new HttpConnection(options.ports[w % options.ports.length] ?? 0),
  );
  try {
    const { warmUp } = options;
    if (warmUp !== undefined) {
      await Promise.all(
        connections.map(async (connection) => {
          const response = await connection.request(warmUp);
          if (response.status >= 300) throw new Error(`warm-up ${warmUp.method} ${warmUp.path} answered ${response.status}`);
        }),
      );
    }
    const started = performance.now();
    const deadline = started + options.maxDurationMs;
    let next = 0;
    let completed = 0;

    const worker = async (connection: HttpConnection, w: number) => {
      const timed = async (name: string, request: HttpRequest) => {
        const t0 = performance.now();
        try {
          const response = await connection.request(request);
          recorder.record(name, String(response.status), performance.now() - t0);
          return response;
        } catch (err) {
          recorder.record(name, 'error', performance.now() - t0);
          if (recorder.errors.length < MAX_ERRORS_KEPT) recorder.errors.push(err instanceof Error ? err.message : String(err));
          return undefined;
        }
      };
      while (next < jobs && performance.now() < deadline) {
        const index = next++;
        await options.job({ index, worker: w, timed });
        completed++;
      }
    };

    await Promise.all(connections.map((connection, w) => worker(connection, w)));
    return {
      recorder,
      startedAt: started,
      elapsedMs: performance.now() - started,
      completedJobs: completed,
      timedOut: options.jobs !== undefined && completed < options.jobs,
    };
  } finally {
    for (const connection of connections) connection.close();
  }
}

/** Runs `task` over `items` with at most `limit` at once (setup work such as CSRF look-ups). */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
