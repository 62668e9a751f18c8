#!/usr/bin/env node
// `npm run build`: build the server and the web app (`--force` rebuilds even when up to date).
import { buildIfStale } from './build-lib.mjs';

await buildIfStale({ force: process.argv.includes('--force') });
