/**
 * Live places in waiting rooms (`queue:update`), pushed, never polled. The admission loop sends
 * one message per room change to every instance (queue/messages.ts); each instance works out the
 * place of each of its own waiting sockets from it (positions are fixed once drawn: `ahead` is
 * position − admittedThrough − 1), and emits to those sockets directly, so a tick costs one
 * Redis message however many wait. Places are read from the store only when a socket starts
 * following a room, when someone joins, and once after the draw. Staff watching the dashboard
 * get `queue:stats` from the instance their socket is on.
 */
import { REALTIME, type QueueUpdateMessage } from '@iatichet/contracts';
import type { Logger } from 'pino';
import type { PubSub } from '../cache/cache.js';
import { QUEUE_CHANNEL, type QueueMessage, type QueueTick } from '../queue/messages.js';
import { loadRoomEvent, type QueueRoom, type RoomEvent } from '../queue/room.js';
import { queueStats } from '../queue/stats.js';
import type { QueueEntry } from '../queue/store.js';

export interface QueueSocket {
  id: string;
  connected: boolean;
  emit(event: string, message: unknown): unknown;
}

interface Follower {
  socket: QueueSocket;
  userId: string;
  entry: QueueEntry | undefined;
  /** The last update sent, to send only changes. */
  sent: string;
}

interface RoomView {
  event: RoomEvent;
  phase: QueueTick['phase'] | undefined;
  admittedThrough: number;
  followers: Map<string, Follower>;
  /** The same followers by account: a join message finds its account's sockets without a scan of every follower. */
  byUser: Map<string, Set<Follower>>;
}

function unfollow(view: RoomView, follower: Follower): void {
  view.followers.delete(follower.socket.id);
  const mine = view.byUser.get(follower.userId);
  mine?.delete(follower);
  if (mine?.size === 0) view.byUser.delete(follower.userId);
}

export class QueuePush {
  private readonly rooms = new Map<string, RoomView>();
  private readonly opening = new Map<string, Promise<RoomView | undefined>>();
  private unsubscribe: (() => Promise<void>) | undefined;

  constructor(
    private readonly room: QueueRoom,
    private readonly log: Pick<Logger, 'warn'>,
    /** Local dashboard sockets of an event, if any: they hear `queue:stats`. */
    private readonly dashboards: (eventId: string) => QueueSocket[] = () => [],
  ) {}

  async listen(pubsub: PubSub): Promise<void> {
    this.unsubscribe = await pubsub.subscribe(QUEUE_CHANNEL, (message) => {
      this.heard(message as QueueMessage).catch((err: unknown) => this.log.warn({ err }, 'queue update failed'));
    });
  }

  async close(): Promise<void> {
    // Closing while Redis is down: the subscription dies with the connection; nothing to undo.
    await this.unsubscribe?.().catch(() => undefined);
    this.rooms.clear();
  }

  /** A signed-in socket watches an event: when the event has a room, follow the user's place there. */
  async follow(socket: QueueSocket, userId: string, eventId: string): Promise<void> {
    const view = await this.viewOf(eventId);
    const gone = () => !socket.connected; // read again after each wait: it may close meanwhile
    if (view === undefined || gone()) return;
    const follower: Follower = { socket, userId, entry: await this.room.store.placeOf(eventId, userId), sent: '' };
    if (gone()) return; // closed while its place was read: nothing would forget it later
    const before = view.followers.get(socket.id);
    if (before !== undefined) unfollow(view, before); // the same socket following again
    view.followers.set(socket.id, follower);
    let mine = view.byUser.get(userId);
    if (mine === undefined) view.byUser.set(userId, (mine = new Set()));
    mine.add(follower);
    this.send(view, follower);
  }

  /** One view per room, also when several sockets start following it at once. */
  private viewOf(eventId: string): Promise<RoomView | undefined> {
    const known = this.rooms.get(eventId);
    if (known !== undefined) return Promise.resolve(known);
    let pending = this.opening.get(eventId);
    if (pending === undefined) {
      pending = (async () => {
        const event = await loadRoomEvent(this.room.db, eventId);
        if (event?.enabled !== true) return undefined;
        const state = await this.room.store.state(eventId);
        const view: RoomView = {
          event,
          phase: state?.phase,
          admittedThrough: state?.admittedThrough ?? 0,
          followers: new Map(),
          byUser: new Map(),
        };
        this.rooms.set(eventId, view);
        return view;
      })().finally(() => this.opening.delete(eventId));
      this.opening.set(eventId, pending);
    }
    return pending;
  }

  forget(socketId: string, eventId?: string): void {
    for (const [id, view] of this.rooms) {
      if (eventId !== undefined && id !== eventId) continue;
      const follower = view.followers.get(socketId);
      if (follower !== undefined) unfollow(view, follower);
      if (view.followers.size === 0) this.rooms.delete(id);
    }
  }

  private async heard(message: QueueMessage): Promise<void> {
    const view = this.rooms.get(message.eventId);
    if (message.kind === 'tick') this.room.observedRate.set(message.eventId, message.ratePerMinute);
    // The people waiting first; the staff's numbers (read from the store) after them.
    if (view !== undefined) await this.update(view, message);
    if (message.kind === 'tick') await this.pushStats(message.eventId);
  }

  private async update(view: RoomView, message: QueueMessage): Promise<void> {
    if (message.kind === 'joined') {
      // Every join reaches every instance: find the joiners' sockets by account, not by going
      // through every follower (50,000 joins past 10,000 followers were 500 million steps), and
      // read the places of those found in one go.
      const mine = message.userIds.flatMap((userId) => [...(view.byUser.get(userId) ?? [])]);
      if (mine.length === 0) return;
      const places = await this.room.store.placesOf(message.eventId, [...new Set(mine.map((f) => f.userId))]);
      const byUser = new Map(places.map((p) => [p.userId, p]));
      for (const f of mine) {
        f.entry = byUser.get(f.userId) ?? f.entry;
        this.send(view, f);
      }
      return;
    }
    view.phase = message.phase;
    view.admittedThrough = message.admittedThrough;
    // After a draw (or for places this instance has not seen numbered), read the places once, in bulk.
    const unplaced = [...view.followers.values()].filter((f) => message.drawn || f.entry?.position == null);
    if (unplaced.length > 0) {
      const places = await this.room.store.placesOf(
        message.eventId,
        unplaced.map((f) => f.userId),
      );
      const byUser = new Map(places.map((p) => [p.userId, p]));
      for (const f of unplaced) f.entry = byUser.get(f.userId) ?? f.entry;
    }
    for (const f of view.followers.values()) this.send(view, f);
  }

  /** The place a follower has now, from the room's last message; sent only when it changed. */
  private send(view: RoomView, follower: Follower): void {
    const entry = follower.entry;
    if (entry === undefined || !follower.socket.connected) return;
    let status = entry.status;
    if (status === 'waiting' && entry.position !== null && entry.position <= view.admittedThrough) status = 'admitted';
    if (status === 'waiting' && view.phase === 'sold_out') status = 'sold_out';
    const ahead = status === 'waiting' && entry.position !== null ? Math.max(0, entry.position - view.admittedThrough - 1) : 0;
    const message: QueueUpdateMessage = {
      eventId: view.event.id,
      status,
      position: entry.position,
      ahead,
      estimatedWaitSeconds:
        status === 'waiting' ? this.room.estimate(view.event, entry, ahead) : status === 'admitted' ? 0 : null,
    };
    const key = JSON.stringify(message);
    if (key === follower.sent) return;
    follower.sent = key;
    follower.socket.emit(REALTIME.queueUpdate, message);
  }

  private async pushStats(eventId: string): Promise<void> {
    const sockets = this.dashboards(eventId);
    if (sockets.length === 0) return;
    const stats = await queueStats(this.room, eventId);
    for (const socket of sockets) socket.emit(REALTIME.queueStats, stats);
  }
}
