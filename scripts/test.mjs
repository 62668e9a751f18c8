#!/usr/bin/env node
// `npm test`: lint, format check, type-check, build, then every Vitest project (server + browser).
// Ends with one plain summary line ("N passed, N failed, N skipped") that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildIfStale, root } from './build-lib.mjs';

const bin = (name) => path.join(root, 'node_modules/.bin', name);
function step(title, command, args) {
  process.stdout.write(`\n▶ ${title}\n`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`\n✖ ${title} failed\n0 passed, 1 failed\n`);
    process.exit(result.status ?? 1);
  }
}

step('lint', bin('eslint'), ['--max-warnings', '0', '.']);
step('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step('type-check', 'npm', ['run', '--silent', 'typecheck']);
process.stdout.write('\n▶ build\n');
await buildIfStale();

const resultsFile = path.join(root, '.tmp/vitest-results.json');
mkdirSync(path.dirname(resultsFile), { recursive: true });
const extra = process.argv.slice(2);
process.stdout.write('\n▶ tests\n');
const run = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...extra],
  {
    cwd: root,
    stdio: 'inherit',
  },
);

if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
  const skipped = r.numPendingTests + r.numTodoTests;
  process.stdout.write(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`);
  if (r.numTotalTests === 0) process.exit(1);
}
process.exit(run.status ?? 1);
