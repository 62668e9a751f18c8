/**
 * The on-sale-queue scenario's waiting browsers, in a worker thread of their own (as the real-time
 * scenario's watchers: thousands of incoming frames must not delay the load driver's own reading
 * of answers). Each socket is signed in as one queued account and records every `queue:update` it
 * is pushed, with the wall-clock time it arrived: the scenario compares that time with the moment
 * the database says the place changed.
 *
 * Messages in: { start: { port, eventId, sockets } }, then { collect: { timeoutMs } }.
 * Messages out: { ready: { connected } }, then { done: { updates } }, or { failed }.
 */
import { parentPort } from 'node:worker_threads';
import type { QueueUpdateMessage } from '@iatichet/contracts';
import { io, type Socket } from 'socket.io-client';

const CONNECT_BATCH = 100;

export interface QueueSocketSpec {
  userId: string;
  /** The account's session token (cookie iat_session). */
  token: string;
  /** The browser's own address, forwarded as a proxy would (the server trusts 127.0.0.1). */
  address: string;
}

/** One pushed update: [received at (ms since epoch), status, position (-1: none yet), ahead]. */
export type ReceivedUpdate = [number, 'waiting' | 'admitted' | 'sold_out', number, number];

export type QueueWorkerIn =
  { start: { port: number; eventId: string; sockets: QueueSocketSpec[] } } | { collect: { timeoutMs: number } };
export type QueueWorkerOut =
  | { ready: { connected: number } }
  | { done: { updates: { userId: string; received: ReceivedUpdate[] }[]; settled: number; dropped: number } }
  | { failed: string };

interface Waiter {
  userId: string;
  socket: Socket;
  received: ReceivedUpdate[];
}

let waiters: Waiter[] = [];

async function connect(port: number, eventId: string, specs: QueueSocketSpec[]): Promise<Waiter[]> {
  const all: Waiter[] = [];
  for (let start = 0; start < specs.length; start += CONNECT_BATCH) {
    const batch = specs.slice(start, start + CONNECT_BATCH).map(async (spec) => {
      const socket = io(`http://127.0.0.1:${port}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { cookie: `iat_session=${spec.token}`, 'x-forwarded-for': spec.address },
      });
      const waiter: Waiter = { userId: spec.userId, socket, received: [] };
      socket.on('queue:update', (m: QueueUpdateMessage) => {
        if (m.eventId === eventId) waiter.received.push([Date.now(), m.status, m.position ?? -1, m.ahead]);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      // The waiting-room page also watches the event (availability); harmless if the queue does not need it.
      await socket.timeout(30_000).emitWithAck('event:watch', { eventId });
      return waiter;
    });
    all.push(...(await Promise.all(batch)));
  }
  return all;
}

/** Admitted or told sold out: nothing more will come for this place. */
const settled = (w: Waiter) => {
  const last = w.received.at(-1);
  return last !== undefined && last[1] !== 'waiting';
};

async function waitSettled(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!waiters.every(settled) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

const port = parentPort;
if (port === null) throw new Error('queue-sockets-worker runs as a worker thread');
const send = (message: QueueWorkerOut) => port.postMessage(message);

port.on('message', (message: QueueWorkerIn) => {
  const run = async () => {
    if ('start' in message) {
      const { port: serverPort, eventId, sockets } = message.start;
      waiters = await connect(serverPort, eventId, sockets);
      send({ ready: { connected: waiters.filter((w) => w.socket.connected).length } });
    } else {
      await waitSettled(message.collect.timeoutMs);
      const done = waiters.filter(settled).length;
      // A socket the server closed (a missed ping under load, say) hears nothing more; a browser would reconnect.
      const dropped = waiters.filter((w) => !settled(w) && !w.socket.connected).length;
      for (const w of waiters) w.socket.close();
      send({ done: { updates: waiters.map((w) => ({ userId: w.userId, received: w.received })), settled: done, dropped } });
    }
  };
  run().catch((error: unknown) => send({ failed: error instanceof Error ? error.message : String(error) }));
});
