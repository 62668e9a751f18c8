/**
 * The real-time scenario's watchers, in a worker thread of their own. In a real sale they are
 * browsers on other machines; sharing the load driver's event loop, their thousands of incoming
 * frames would delay the driver's own reading of answers and inflate the latencies it records.
 * They still share this machine's two cores with everything else.
 *
 * Messages in: { start: { port, eventId, count } }, then { converge: { remaining, timeoutMs } }.
 * Messages out: { ready: { viewersRight } }, then { done: { converged, convergedMs, messages } }.
 */
import { parentPort } from 'node:worker_threads';
import type { AvailabilityMessage } from '@iatichet/contracts';
import { io, type Socket } from 'socket.io-client';

const CONNECT_BATCH = 100;

interface Watcher {
  socket: Socket;
  messages: number;
  last: AvailabilityMessage | undefined;
  viewers: number | undefined;
}

export type WorkerIn =
  { start: { port: number; eventId: string; count: number } } | { converge: { remaining: number; timeoutMs: number } };
export type WorkerOut =
  | { ready: { viewersRight: number } }
  | { done: { converged: number; convergedMs: number; messages: number[] } }
  | { failed: string };

let watchers: Watcher[] = [];

async function connectWatchers(port: number, eventId: string, count: number): Promise<Watcher[]> {
  const all: Watcher[] = [];
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, async (_, offset) => {
      const n = start + offset;
      const socket = io(`http://127.0.0.1:${port}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        // A client address of its own (the server trusts 127.0.0.1 as a proxy in this scenario).
        extraHeaders: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
      });
      const watcher: Watcher = { socket, messages: 0, last: undefined, viewers: undefined };
      socket.on('event:availability', (message: AvailabilityMessage) => {
        watcher.messages++;
        watcher.last = message;
      });
      socket.on('event:viewers', (message: { count: number }) => {
        watcher.viewers = message.count;
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = (await socket.timeout(30_000).emitWithAck('event:watch', { eventId })) as { ok: boolean };
      if (!ack.ok) throw new Error('watch refused');
      return watcher;
    });
    all.push(...(await Promise.all(batch)));
  }
  return all;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

const port = parentPort;
if (port === null) throw new Error('watchers-worker runs as a worker thread');
const send = (message: WorkerOut) => port.postMessage(message);

port.on('message', (message: WorkerIn) => {
  const run = async () => {
    if ('start' in message) {
      const { port: serverPort, eventId, count } = message.start;
      watchers = await connectWatchers(serverPort, eventId, count);
      await waitUntil(() => watchers.every((w) => w.viewers === count), 10_000);
      send({ ready: { viewersRight: watchers.filter((w) => w.viewers === count).length } });
    } else {
      const { remaining, timeoutMs } = message.converge;
      const convergedMs = await waitUntil(() => watchers.every((w) => w.last?.remaining === remaining), timeoutMs);
      const converged = watchers.filter((w) => w.last?.remaining === remaining).length;
      const messages = watchers.map((w) => w.messages).sort((x, y) => x - y);
      for (const w of watchers) w.socket.close();
      send({ done: { converged, convergedMs, messages } });
    }
  };
  run().catch((error: unknown) => send({ failed: error instanceof Error ? error.message : String(error) }));
});
