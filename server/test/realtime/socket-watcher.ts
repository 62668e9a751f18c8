/**
 * A real socket.io-client connection for tests, signed in through the same cookie a browser
 * would send, recording everything the server pushes so tests can wait for what they expect.
 */
import type { AddressInfo } from 'node:net';
import type { AvailabilityMessage, Notification, QueueStats, QueueUpdateMessage, ViewersMessage } from '@iatichet/contracts';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';

export async function listen(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export class Watcher {
  readonly availability: AvailabilityMessage[] = [];
  readonly viewers: ViewersMessage[] = [];
  readonly notifications: Notification[] = [];
  /** Waiting-room places (`queue:update`) and, on a dashboard, the room's numbers (`queue:stats`). */
  readonly queue: QueueUpdateMessage[] = [];
  readonly queueStats: QueueStats[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    const record =
      <T>(list: T[]) =>
      (message: T) => {
        list.push(message);
        for (const check of this.waiters) check();
      };
    socket.on('event:availability', record(this.availability));
    socket.on('event:viewers', record(this.viewers));
    socket.on('notification', record(this.notifications));
    socket.on('queue:update', record(this.queue));
    socket.on('queue:stats', record(this.queueStats));
  }

  /** `headers`: more request headers, e.g. the x-forwarded-for a proxy would add. */
  static async connect(url: string, cookie?: string, headers: Record<string, string> = {}): Promise<Watcher> {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new Watcher(socket);
  }

  async watch(eventId: string): Promise<{ ok: boolean; error?: string }> {
    return (await this.socket.timeout(10_000).emitWithAck('event:watch', { eventId })) as { ok: boolean; error?: string };
  }

  async unwatch(eventId: string): Promise<void> {
    await this.socket.timeout(10_000).emitWithAck('event:unwatch', { eventId });
  }

  viewerCount(eventId: string): number | undefined {
    return this.viewers.filter((v) => v.eventId === eventId).at(-1)?.count;
  }

  /** Resolves once `condition` holds (checked now and after every message); fails after the timeout. */
  waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}; viewers ${JSON.stringify(this.viewers.slice(-3))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
    });
  }

  waitForViewers(eventId: string, count: number): Promise<void> {
    return this.waitFor(`${count} viewers`, () => this.viewerCount(eventId) === count);
  }

  /** The closing handshake: a tab closed normally. */
  close(): void {
    this.socket.disconnect();
  }

  /** The TCP connection dies without a goodbye (a crashed browser, a pulled cable with a reset). */
  dropAbruptly(): void {
    const transport = this.socket.io.engine.transport as unknown as { ws?: { _socket?: { destroy(): void } } };
    const raw = transport.ws?._socket;
    if (raw === undefined) throw new Error('no raw socket to destroy');
    raw.destroy();
  }
}
