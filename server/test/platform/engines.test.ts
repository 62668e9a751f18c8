/**
 * `npm ci` on the oldest Node the project supports (package.json `engines`, Node 20.19) must not
 * warn EBADENGINE: every package the lockfile installs accepts that Node. cookie@2 and
 * content-disposition@3 ask for Node 22 and came in through @fastify/cookie, light-my-request and
 * @fastify/static; overrides in package.json keep them on versions that run on Node 20.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Semver {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
}
const semver = createRequire(import.meta.url)('semver') as Semver;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const readJson = (file: string): unknown => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

describe('engines', () => {
  const promised = (readJson('package.json') as { engines: { node: string } }).engines.node;
  const oldest = semver.minVersion(promised)?.version ?? '';
  const lock = readJson('package-lock.json') as {
    packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
  };

  it('promises a Node version to check against', () => {
    expect(oldest).toMatch(/^20\.\d+\.\d+$/);
  });

  it('installs no package that refuses the oldest Node the project supports', () => {
    const refusing = Object.entries(lock.packages).flatMap(([where, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range === undefined || semver.satisfies(oldest, range)
        ? []
        : [`${where}@${entry.version ?? '?'} needs node ${range}`];
    });
    expect(refusing).toEqual([]);
  });
});
