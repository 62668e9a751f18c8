/**
 * Servers under test run as their own processes, so that the load driver does not share their
 * event loop and their memory can be read from /proc. Each is stopped with SIGTERM (its graceful
 * shutdown, which also writes a --cpu-prof profile), then SIGKILL if it lingers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpConnection } from '../load/http-connection.js';

export const repoRoot = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));

export type ServerKind = 'app' | 'broken' | 'ceiling';

const ENTRY: Record<ServerKind, string[]> = {
  app: [path.join(repoRoot, 'server/dist/main.js'), 'serve'],
  broken: ['--import', 'tsx', path.join(repoRoot, 'bench/broken-server.ts')],
  ceiling: ['--import', 'tsx', path.join(repoRoot, 'bench/ceiling-server.ts')],
};

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const RSS_SAMPLE_MS = 100;
const LOG_LINES_KEPT = 40;

export interface ServerProcess {
  port: number;
  pid: number;
  /** Highest resident memory sampled since start or the last resetPeak(), in MiB. */
  peakRssMb(): number;
  resetPeak(): void;
  /** The last lines the server printed, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) / 1024;
  } catch {
    return 0;
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function waitReady(child: ChildProcess, port: number, readyPath: string, lines: string[]): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const connection = new HttpConnection(port, 2000);
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${lines.join('\n')}`);
      const status = await connection.request({ method: 'GET', path: readyPath }).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the server was not ready within ${READY_TIMEOUT_MS} ms:\n${lines.join('\n')}`);
  } finally {
    connection.close();
  }
}

export interface StartOptions {
  /** Environment for the server; PATH and HOME are added. Nothing else is inherited. */
  env: Record<string, string>;
  /** Write a V8 CPU profile into this folder when the server stops. */
  cpuProfileDir?: string;
}

export async function startServer(kind: ServerKind, options: StartOptions): Promise<ServerProcess> {
  const port = await freePort();
  const args = [...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []), ...ENTRY[kind]];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (data: Buffer) => {
    lines.push(...data.toString('utf8').trimEnd().split('\n'));
    lines.splice(0, Math.max(0, lines.length - LOG_LINES_KEPT));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start the ${kind} server`);

  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, RSS_SAMPLE_MS);
  sampler.unref();

  const stop = async () => {
    clearInterval(sampler);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited(child);
    clearTimeout(timer);
  };

  try {
    await waitReady(child, port, kind === 'ceiling' ? '/' : '/readyz', lines);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    port,
    pid,
    peakRssMb: () => Math.max(peak, rssMb(pid)),
    resetPeak: () => {
      peak = rssMb(pid);
    },
    log: () => lines.join('\n'),
    stop,
  };
}
