#!/usr/bin/env node
// `npm run dev`: the API server restarting on every change (tsx watch) and the Vite dev server
// with hot reload on :5173, proxying /api, /socket.io and the probes to the API server on :3000.
// Ctrl-C stops both; if either exits, the other is stopped too.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { root } from './build-lib.mjs';

const bin = (name) => path.join(root, 'node_modules/.bin', name);
const children = [
  spawn(bin('tsx'), ['watch', '--clear-screen=false', 'server/src/main.ts', 'serve'], {
    cwd: root,
    stdio: 'inherit',
    env: { PORT: '3000', ...process.env },
  }),
  spawn(bin('vite'), ['--port', '5173', '--strictPort'], { cwd: path.join(root, 'web'), stdio: 'inherit' }),
];

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exitCode = code;
}
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
