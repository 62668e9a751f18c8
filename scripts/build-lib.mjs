// Builds the server bundle (esbuild) and the web app (Vite) only when their sources changed since
// the last build, so a second `npm start` with nothing changed starts in well under 3 seconds.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

function newestMtime(entries) {
  let newest = 0;
  const visit = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(p, name));
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const e of entries) visit(path.join(root, e));
  return newest;
}

const targets = {
  server: {
    sources: ['server/src', 'packages/contracts/src', 'server/package.json', 'package-lock.json', 'scripts/build-lib.mjs'],
    stamp: 'server/dist/.build-stamp',
    build: async () => {
      const esbuild = await import('esbuild');
      await esbuild.build({
        // The image process (catalog/image-process.ts) is a program of its own, forked by the server.
        entryPoints: {
          main: path.join(root, 'server/src/main.ts'),
          'image-process': path.join(root, 'server/src/catalog/image-process.ts'),
        },
        outdir: path.join(root, 'server/dist'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: true,
        // npm packages stay in node_modules; only our own code (and the contracts) is bundled.
        packages: 'external',
        alias: { '@iatichet/contracts': path.join(root, 'packages/contracts/src/index.ts') },
        logLevel: 'warning',
      });
    },
  },
  web: {
    sources: [
      'web/src',
      'web/public',
      'web/index.html',
      'web/vite.config.ts',
      'web/build',
      'packages/contracts/src',
      'web/package.json',
      'package-lock.json',
    ],
    stamp: 'web/dist/.build-stamp',
    build: () => {
      const vite = path.join(root, 'node_modules/vite/bin/vite.js');
      const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
        cwd: path.join(root, 'web'),
        stdio: 'inherit',
      });
      if (result.status !== 0) throw new Error('web build failed');
    },
  },
};

/** Builds each target whose sources are newer than its last build; `force` builds regardless. */
export async function buildIfStale({ force = false, only } = {}) {
  for (const [name, target] of Object.entries(targets)) {
    if (only && !only.includes(name)) continue;
    const stampFile = path.join(root, target.stamp);
    const sourcesAt = newestMtime(target.sources);
    const builtAt = existsSync(stampFile) ? Number(readFileSync(stampFile, 'utf8')) : 0;
    if (!force && builtAt >= sourcesAt) continue;
    const started = Date.now();
    process.stdout.write(`building ${name}...\n`);
    await target.build();
    writeFileSync(stampFile, String(sourcesAt));
    process.stdout.write(`built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
