/** The build's precompressed copies: written for large text and WebAssembly files only, and exact. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { precompressDirectory } from './precompress';

describe('precompressDirectory', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'iat-precompress-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .br and .gz copies that decode to the file, and skips small, binary and incompressible files', async () => {
    mkdirSync(path.join(dir, 'assets'));
    const script = `export const rows = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ row: i, label: `Row ${i}` })))};\n`;
    writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), script);
    writeFileSync(path.join(dir, 'assets', 'tiny-3c4d.js'), 'console.log(1)');
    writeFileSync(path.join(dir, 'assets', 'photo-5e6f.webp'), Buffer.alloc(4096, 7));
    // Random bytes do not compress: no copy larger than the original is kept.
    const noise = randomBytes(4096);
    writeFileSync(path.join(dir, 'assets', 'noise-7a8b.wasm'), noise);

    const results = await precompressDirectory(dir);

    const app = path.join(dir, 'assets', 'app-1a2b.js');
    expect(brotliDecompressSync(readFileSync(`${app}.br`)).toString('utf8')).toBe(script);
    expect(gunzipSync(readFileSync(`${app}.gz`)).toString('utf8')).toBe(script);
    expect(readFileSync(`${app}.br`).length).toBeLessThan(script.length / 4);
    expect(existsSync(path.join(dir, 'assets', 'tiny-3c4d.js.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'assets', 'photo-5e6f.webp.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'assets', 'noise-7a8b.wasm.br'))).toBe(false);
    expect(existsSync(path.join(dir, 'assets', 'noise-7a8b.wasm.gz'))).toBe(false);
    expect(results.find((r) => r.file.endsWith('noise-7a8b.wasm'))).toEqual({
      file: path.join('assets', 'noise-7a8b.wasm'),
      bytes: 4096,
      br: undefined,
      gz: undefined,
    });
    expect(results.map((r) => r.file).sort()).toEqual([
      path.join('assets', 'app-1a2b.js'),
      path.join('assets', 'noise-7a8b.wasm'),
    ]);
  });
});
