/**
 * SIGTERM while requests are in flight: the server stops accepting, lets every request it has
 * already received finish with its normal answer, and exits 0 within 10 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient, startServerProcess, type ServerProcess } from './server-process.js';

describe('SIGTERM under load', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-sigterm-'));
  let server: ServerProcess | undefined;
  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes the in-flight requests and exits 0 within 10 s', async () => {
    server = await startServerProcess({
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${path.join(dataDir, 'sigterm.db')}`,
      // One line per request received (debug: at info a request is logged once, when answered), so
      // the test knows when all of them have arrived.
      LOG_LEVEL: 'debug',
    });
    // Counts the registrations the server has received, from its request log.
    let received = 0;
    let partial = '';
    server.child.stdout.on('data', (d: Buffer) => {
      const lines = (partial + d.toString()).split('\n');
      partial = lines.pop() ?? '';
      received += lines.filter((l) => l.includes('incoming request') && l.includes('/api/auth/register')).length;
    });
    const clients = Array.from({ length: 16 }, (_, i) => new HttpClient(server?.url ?? '', `10.80.0.${i + 1}`));
    // Each client fetches its CSRF token first, so every request below is one slow registration (argon2).
    await Promise.all(clients.map((c) => c.request('GET', '/api/auth/csrf')));

    const inFlight = clients.map((c, i) =>
      c
        .request('POST', '/api/auth/register', {
          email: `sigterm-${i}@example.com`,
          password: 'a long enough passphrase',
          name: `Person ${i}`,
        })
        .then((r) => r.status)
        .catch((err: unknown) => `failed: ${String(err)}`),
    );
    const deadline = Date.now() + 10_000;
    while (received < clients.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    expect(received).toBe(clients.length);

    const signalled = Date.now();
    server.child.kill('SIGTERM');
    const statuses = await Promise.all(inFlight);
    const { code } = await server.exited;
    const took = Date.now() - signalled;

    expect(statuses).toEqual(clients.map(() => 201));
    expect(code, server.output().slice(-3000)).toBe(0);
    expect(took).toBeLessThan(10_000);
    // Once it has stopped, nothing answers on that port.
    await expect(fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
