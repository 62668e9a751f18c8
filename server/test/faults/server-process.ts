/**
 * The real built server (server/dist/main.js) as a child process the test can SIGKILL or SIGTERM,
 * and a small cookie-keeping HTTP client for it. Each client sends its own X-Forwarded-For (the
 * server trusts the proxy header here) so per-address sign-up limits do not get in the way.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/ports.js';

export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  /** Resolves with the exit code (null after a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startServerProcess(env: Record<string, string>, port?: number): Promise<ServerProcess> {
  const listenPort = port ?? (await freePort());
  const url = `http://127.0.0.1:${listenPort}`;
  const child = spawn(process.execPath, [MAIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(listenPort),
      HOST: '127.0.0.1',
      PUBLIC_URL: url,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'true',
      RATE_LIMIT_PER_MINUTE: '100000',
      ...env,
    },
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-65536));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited at start:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become healthy:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output: () => output, exited };
}

/**
 * Waits for servers started together; every one that did start goes into `started` (so the test's
 * cleanup stops it) even when another failed, and then the first failure is thrown.
 */
export async function startedTogether(starting: Promise<ServerProcess>[], started: ServerProcess[]): Promise<ServerProcess[]> {
  const outcomes = await Promise.allSettled(starting);
  const ok = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  started.push(...ok);
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return ok;
}

/** Runs a one-shot command of the built CLI (migrate, check-integrity, ...). */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private csrf: string | undefined;

  constructor(
    private readonly base: string,
    private readonly forwardedFor: string,
  ) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => unknown; text: string }> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.forwardedFor };
    if (method !== 'GET') {
      if (this.csrf === undefined) {
        const res = await this.request('GET', '/api/auth/csrf');
        this.csrf = (res.json() as { token: string }).token;
      }
      headers['x-csrf-token'] = this.csrf;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq > 0) this.cookies.set((pair ?? '').slice(0, eq), (pair ?? '').slice(eq + 1));
    }
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as unknown };
  }

  /** The Cookie header this client sends, for a request it cannot make itself (a multipart upload). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** After a restart: the same session cookie, a fresh CSRF token. */
  rebase(base: string): HttpClient {
    const next = new HttpClient(base, this.forwardedFor);
    for (const [k, v] of this.cookies) if (k !== 'iat_csrf') next.cookies.set(k, v);
    return next;
  }
}
