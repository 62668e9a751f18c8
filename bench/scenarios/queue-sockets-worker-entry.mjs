// Node 20 loads a worker's entry file before any --import hook applies, so the worker registers
// tsx itself and then loads the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./queue-sockets-worker.ts');
