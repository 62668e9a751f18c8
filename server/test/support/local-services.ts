/**
 * Servers a scale-out test starts for itself, as the current user, on free ports, with every file
 * in a temp folder of its own: a Redis of its own (its keys and pub/sub channels meet no other
 * test's, which a key prefix alone would not give the built server's fixed channel names) and
 * nginx running deploy/nginx.conf with its TEMPLATE lines pointed at local instances.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { accepts, freePort } from './ports.js';

export const NGINX = '/usr/sbin/nginx';
export const REDIS_SERVER = '/usr/bin/redis-server';
export const SHIPPED_NGINX_CONF = fileURLToPath(new URL('../../../deploy/nginx.conf', import.meta.url));

export interface LocalServer {
  url: string;
  log(): string;
  stop(): Promise<void>;
}

async function run(
  command: string,
  args: string[],
  dir: string,
  ports: number[],
  logFile: string | undefined,
  url: string,
): Promise<LocalServer> {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-32_768)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-32_768)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const log = () => output + (logFile !== undefined && existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const stopped = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
      ]);
      if (!stopped) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await stop();
        throw new Error(`${command} did not start:\n${log()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { url, log, stop };
}

/** redis-server without persistence on a free port. */
export async function startRedis(): Promise<LocalServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iat-redis-'));
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  return run(REDIS_SERVER, args, dir, [port], undefined, `redis://127.0.0.1:${port}`);
}

/**
 * nginx with the shipped config: its upstreams list `instances` (host:port), its server listens on
 * a free port. `extraServers` are more server blocks in the same http block (such as a proxy that
 * refuses WebSocket), with PORT_n placeholders for further free ports; their URLs come back too.
 */
export async function startNginx(
  instances: string[],
  extraServers: string[] = [],
): Promise<LocalServer & { extraUrls: string[]; port: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iat-nginx-'));
  // Workers run as `nobody` when the master is root: they must reach the temp folders.
  chmodSync(dir, 0o777);
  for (const sub of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
    mkdirSync(path.join(dir, sub));
    chmodSync(path.join(dir, sub), 0o777);
  }
  const port = await freePort();
  const extraPorts = await Promise.all(extraServers.map(() => freePort()));
  const shipped = readFileSync(SHIPPED_NGINX_CONF, 'utf8');
  const servers = instances.map((address) => `server ${address};`).join(' ');
  const templated = shipped
    .replace(/^(\s*)server \S+;\s*# TEMPLATE.*$/gm, `$1${servers}`)
    .replace(/^(\s*)listen \S+;\s*# TEMPLATE.*$/m, `$1listen 127.0.0.1:${port};`);
  if (templated.includes('app:3000') || !templated.includes(`listen 127.0.0.1:${port};`)) {
    throw new Error('deploy/nginx.conf no longer has the TEMPLATE lines this test replaces');
  }
  writeFileSync(path.join(dir, 'iatichet.conf'), templated);
  const errorLog = path.join(dir, 'error.log');
  const extra = extraServers.map((block, i) => block.replaceAll('PORT', String(extraPorts[i])));
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'worker_processes 1;',
      'daemon off;',
      'master_process on;',
      `pid ${path.join(dir, 'nginx.pid')};`,
      `error_log ${errorLog} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
        (sub) => `  ${sub === 'body' ? 'client_body' : sub}_temp_path ${path.join(dir, sub)};`,
      ),
      `  include ${path.join(dir, 'iatichet.conf')};`,
      ...extra,
      '}',
      '',
    ].join('\n'),
  );
  const args = ['-c', path.join(dir, 'nginx.conf'), '-p', dir, '-e', errorLog];
  const server = await run(NGINX, args, dir, [port, ...extraPorts], errorLog, `http://127.0.0.1:${port}`);
  return { ...server, port, extraUrls: extraPorts.map((p) => `http://127.0.0.1:${p}`) };
}
