/**
 * Runs the real built server (server/dist/main.js, serving web/dist) as a child process for browser
 * tests: a free port, a fresh SQLite database in a temp folder, and nothing from the developer's
 * environment that could point it at a real Redis, SMTP server or payment provider.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const serverEntry = path.join(repoRoot, 'server/dist/main.js');
const webIndex = path.join(repoRoot, 'web/dist/index.html');
const HOST = '127.0.0.1';
// The demo catalogue renders its posters at start: 20 s was not enough on a shared, loaded CI machine.
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_LIMIT = 64 * 1024;

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  url: string;
  /** DATA_DIR of this server: its SQLite file and the `.eml` outbox live there. */
  dataDir: string;
  /** What the server printed so far (stdout and stderr, last 64 KiB). */
  output: () => string;
  stop: () => Promise<void>;
}

/** A port nothing listens on right now: the OS picks one for port 0, and we give it back. */
function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

const dataDirs = new Map<string, string>();

/** DATA_DIR of the server started on `url` (helpers that only know the URL read its outbox). */
export function dataDirOf(url: string): string {
  const dir = dataDirs.get(url);
  if (dir === undefined) throw new Error(`no server was started on ${url}`);
  return dir;
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  for (const file of [serverEntry, webIndex]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`node scripts/build.mjs\` before the browser tests`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-e2e-'));
  const port = await findFreePort();
  const url = `http://${HOST}:${port}`;

  const child = spawn(process.execPath, [serverEntry, 'serve'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST,
      // Same origin as the browser uses, so origin checks (CORS, cookies) see one site.
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${path.join(dataDir, 'test.db')}`,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...env,
    },
  });

  let output = '';
  const record = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', record);
  child.stderr.on('data', record);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  async function stop(): Promise<void> {
    if (!hasExited()) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exited.then(() => false), sleep(STOP_TIMEOUT_MS).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  }

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isHealthy(url))) {
    if (hasExited() || Date.now() > deadline) {
      const reason = hasExited()
        ? `exited (code ${child.exitCode}, signal ${child.signalCode})`
        : `was not healthy within ${READY_TIMEOUT_MS} ms`;
      await stop();
      throw new Error(`the server on ${url} ${reason}. Its output:\n${output || '(nothing)'}`);
    }
    await sleep(100);
  }

  dataDirs.set(url, dataDir);
  return { url, dataDir, output: () => output, stop };
}
