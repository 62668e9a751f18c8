/**
 * The closed-loop driver's warm-up: every connection is open and answered before the clock
 * starts, nothing of the warm-up is recorded, and the jobs then reuse those connections.
 */
import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { drive } from './drive.js';

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Seen {
  connections: number;
  /** For each request: its path and the number of warm-up requests answered before it arrived. */
  requests: { path: string; warmedBefore: number }[];
}

async function serve(warmUpStatus = 200): Promise<{ port: number; seen: Seen }> {
  const seen: Seen = { connections: 0, requests: [] };
  let warmed = 0;
  const server = http.createServer((req, res) => {
    seen.requests.push({ path: req.url ?? '', warmedBefore: warmed });
    if (req.url === '/warm') {
      warmed++;
      res.writeHead(warmUpStatus).end('warm');
      return;
    }
    res.writeHead(200).end('ok');
  });
  server.on('connection', (_socket: net.Socket) => seen.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, seen };
}

/** Drives `jobs` GET /job requests over `connections` connections, warmed with GET /warm or not. */
function driveJobs(port: number, connections: number, jobs: number, warm: boolean) {
  return drive({
    ports: [port],
    connections,
    jobs,
    maxDurationMs: 10_000,
    ...(warm ? { warmUp: { method: 'GET', path: '/warm' } } : {}),
    job: async ({ timed }) => {
      await timed('job', { method: 'GET', path: '/job' });
    },
  });
}

describe('drive', () => {
  it('opens and warms every connection before the first job, and records only the jobs', async () => {
    const { port, seen } = await serve();
    const before = performance.now();
    const result = await driveJobs(port, 8, 40, true);

    expect(seen.connections).toBe(8);
    const warmUps = seen.requests.filter((r) => r.path === '/warm');
    const jobs = seen.requests.filter((r) => r.path === '/job');
    expect(warmUps).toHaveLength(8);
    expect(jobs).toHaveLength(40);
    // No job reached the server before all eight connections had their warm-up answered.
    expect(jobs.every((r) => r.warmedBefore === 8)).toBe(true);
    expect(result.recorder.stats('job')).toMatchObject({ count: 40, statuses: { '200': 40 } });
    expect(result.completedJobs).toBe(40);
    expect(result.startedAt).toBeGreaterThan(before);
  });

  it('fails the run when a warm-up is not answered with 2xx', async () => {
    const { port, seen } = await serve(503);
    await expect(driveJobs(port, 2, 4, true)).rejects.toThrow(/warm-up GET \/warm answered 503/);
    expect(seen.requests.filter((r) => r.path === '/job')).toHaveLength(0);
  });

  it('without a warm-up, opens each connection with its first job', async () => {
    const { port, seen } = await serve();
    const result = await driveJobs(port, 3, 6, false);
    expect(seen.connections).toBe(3);
    expect(seen.requests.map((r) => r.path)).toEqual(Array.from({ length: 6 }, () => '/job'));
    expect(result.recorder.stats('job').count).toBe(6);
  });
});
