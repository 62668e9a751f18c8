/** The web app is served from the API's port: client routes fall back to index.html, /api never does. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/config.js';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';

describe('serving the web app', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'iat-web-'));
  const script = `console.log(${JSON.stringify('a hashed asset '.repeat(200))});`;
  let app: FastifyInstance;

  beforeAll(async () => {
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>iaTichet</title><div id="root"></div>');
    writeFileSync(path.join(root, 'assets', 'app-abc123.js'), script);
    // As the build writes them (web/build/precompress.ts).
    writeFileSync(path.join(root, 'assets', 'app-abc123.js.br'), brotliCompressSync(script));
    writeFileSync(path.join(root, 'assets', 'app-abc123.js.gz'), gzipSync(script));
    const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'silent', DATA_DIR: root });
    // As `serve` does: the schema is migrated before the app starts (it registers its ticket key).
    const database = openDatabase(config.database);
    await migrateToLatest(database.db);
    app = await buildApp({ config, webRoot: root, database });
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves index.html for client routes, never cached', async () => {
    for (const url of ['/', '/events/abc', '/admin/users?role=staff']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a year-long immutable cache', async () => {
    const res = await app.inject('/assets/app-abc123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it("sends the build's Brotli or gzip copy of an asset to a browser that accepts it", async () => {
    const br = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(script);

    const gz = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(script);

    const plain = await app.inject('/assets/app-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
    expect(plain.body).toBe(script);
  });

  it('never falls back for /api, missing files, or non-GET requests', async () => {
    const api = await app.inject('/api/unknown');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404);
    expect((await app.inject('/favicon-missing.png')).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/events/abc' })).statusCode).toBe(404);
  });

  it('does not serve files outside the web root', async () => {
    for (const url of [
      '/assets/../../../../etc/passwd',
      '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd',
      '/..%2f..%2f..%2fetc/passwd',
    ]) {
      const res = await app.inject(url);
      expect(res.body, url).not.toContain('root:x:');
      if (res.statusCode === 200) expect(res.body, url).toContain('<div id="root">');
    }
  });
});
