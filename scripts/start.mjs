#!/usr/bin/env node
// `npm start` / `npm run migrate`: build what is stale, then run the server command in this process.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { buildIfStale, root } from './build-lib.mjs';

const command = process.argv[2] ?? 'serve';
await buildIfStale({ only: command === 'serve' ? undefined : ['server'] });
process.argv = [process.argv[0], path.join(root, 'server/dist/main.js'), command, ...process.argv.slice(3)];
await import(pathToFileURL(path.join(root, 'server/dist/main.js')).href);
