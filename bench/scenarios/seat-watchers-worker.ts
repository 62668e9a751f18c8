/**
 * The seat-map scenario's watchers, in a worker thread of their own (see watchers-worker.ts for
 * why): each watches the event and notes when it first hears each seat leave 'free'. Asked with the
 * times the holds were answered, it reports how long each hold took to reach each watcher.
 *
 * Messages in: { start: { port, eventId, count } }, then { collect: { heldAt, timeoutMs } }.
 * Messages out: { ready: true }, then { done: { deliveries, missing, p50, p99, max, lastVersion } }.
 */
import { parentPort } from 'node:worker_threads';
import type { AvailabilityMessage } from '@iatichet/contracts';
import { io, type Socket } from 'socket.io-client';

const CONNECT_BATCH = 100;

interface Watcher {
  socket: Socket;
  /** Seat id -> Date.now() when this watcher first heard it was no longer free. */
  seen: Map<string, number>;
  lastVersion: number;
}

export type SeatWorkerIn =
  | { start: { port: number; eventId: string; count: number } }
  | { collect: { heldAt: Record<string, number>; timeoutMs: number } };
export interface DeliveryStats {
  deliveries: number;
  missing: number;
  p50: number;
  p99: number;
  max: number;
  /** The smallest seatsVersion the watchers last heard; -1: a watcher heard none. */
  lastVersion: number;
}
export type SeatWorkerOut = { ready: true } | { done: DeliveryStats } | { failed: string };

let watchers: Watcher[] = [];

async function connect(port: number, eventId: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, async (_, offset) => {
      const n = start + offset;
      const socket = io(`http://127.0.0.1:${port}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        extraHeaders: { 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` },
      });
      const watcher: Watcher = { socket, seen: new Map(), lastVersion: -1 };
      socket.on('event:availability', (message: AvailabilityMessage) => {
        const now = Date.now();
        for (const seat of message.seats)
          if (seat.status !== 'free' && !watcher.seen.has(seat.id)) watcher.seen.set(seat.id, now);
        if (message.seatsVersion !== undefined) watcher.lastVersion = message.seatsVersion;
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ack = (await socket.timeout(30_000).emitWithAck('event:watch', { eventId })) as { ok: boolean };
      if (!ack.ok) throw new Error('watch refused');
      return watcher;
    });
    watchers.push(...(await Promise.all(batch)));
  }
}

async function collect(heldAt: Record<string, number>, timeoutMs: number): Promise<DeliveryStats> {
  const seats = Object.keys(heldAt);
  const deadline = Date.now() + timeoutMs;
  const allSeen = () => watchers.every((w) => seats.every((id) => w.seen.has(id)));
  while (!allSeen() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const latencies: number[] = [];
  let missing = 0;
  for (const w of watchers)
    for (const id of seats) {
      const at = w.seen.get(id);
      // A message may overtake the hold's own answer: that is no delay at all.
      if (at === undefined) missing++;
      else latencies.push(Math.max(0, at - (heldAt[id] ?? at)));
    }
  const sorted = Float64Array.from(latencies).sort();
  const q = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return {
    deliveries: sorted.length,
    missing,
    p50: q(0.5),
    p99: q(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    lastVersion: Math.min(...watchers.map((w) => w.lastVersion)),
  };
}

parentPort?.on('message', (message: SeatWorkerIn) => {
  const reply = (out: SeatWorkerOut) => parentPort?.postMessage(out);
  const fail = (err: unknown) => reply({ failed: err instanceof Error ? err.message : String(err) });
  if ('start' in message) {
    const { port, eventId, count } = message.start;
    connect(port, eventId, count).then(() => reply({ ready: true }), fail);
  } else {
    collect(message.collect.heldAt, message.collect.timeoutMs).then((done) => {
      for (const w of watchers) w.socket.close();
      watchers = [];
      reply({ done });
    }, fail);
  }
});
