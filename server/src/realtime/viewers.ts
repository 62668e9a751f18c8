/**
 * Viewer counts: which local connections watch which event, the shared store behind the count,
 * and when to tell watchers. A viewer is a signed-in person (all their tabs are one) or an
 * anonymous connection. Recounts are coalesced per event, so a thousand joins in a burst cost a
 * handful of messages; a heartbeat refreshes this instance's entries and re-announces counts that
 * moved without a join or leave here (a viewer on another instance that died).
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { ViewerStore } from './viewer-store.js';

export interface ViewerCountSink {
  /** `everywhere`: to the event's watchers on every instance; else to this instance's only. */
  (eventId: string, count: number, everywhere: boolean): void;
}

const RECOUNT_DELAY_MS = 150;

export class ViewerTracker {
  /** event -> viewer -> this instance's connections of that viewer watching it */
  private readonly local = new Map<string, Map<string, Set<string>>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastCount = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly store: ViewerStore,
    private readonly sink: ViewerCountSink,
    private readonly log: Logger,
    ttlMs: number,
  ) {
    this.heartbeat = setInterval(() => void this.beat(), Math.max(100, Math.floor(ttlMs / 3)));
    this.heartbeat.unref();
  }

  /** A connection watches an event; repeated watches from one connection change nothing. */
  async join(eventId: string, viewerKey: string, connectionId: string): Promise<void> {
    let viewers = this.local.get(eventId);
    if (viewers === undefined) this.local.set(eventId, (viewers = new Map<string, Set<string>>()));
    let connections = viewers.get(viewerKey);
    if (connections === undefined) viewers.set(viewerKey, (connections = new Set()));
    if (connections.has(connectionId)) return;
    connections.add(connectionId);
    if (connections.size === 1) await this.store.put([{ eventId, viewerKey }]);
    this.scheduleRecount(eventId);
  }

  /** A connection stops watching (unwatch or disconnect); the viewer leaves with its last one. */
  async leave(eventId: string, viewerKey: string, connectionId: string): Promise<void> {
    const viewers = this.local.get(eventId);
    const connections = viewers?.get(viewerKey);
    if (viewers === undefined || connections === undefined || !connections.delete(connectionId)) return;
    if (connections.size === 0) {
      viewers.delete(viewerKey);
      if (viewers.size === 0) this.local.delete(eventId);
      await this.store.remove(eventId, viewerKey);
    }
    this.scheduleRecount(eventId);
  }

  private scheduleRecount(eventId: string): void {
    if (this.closed || this.pending.has(eventId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(eventId);
      this.store
        .count(eventId)
        .then((count) => {
          this.lastCount.set(eventId, count);
          this.sink(eventId, count, true);
        })
        .catch((err: unknown) => this.log.warn({ err, eventId }, 'viewer count failed'));
    }, RECOUNT_DELAY_MS);
    this.pending.set(eventId, timer);
  }

  private async beat(): Promise<void> {
    if (this.closed) return;
    try {
      const entries = [...this.local].flatMap(([eventId, viewers]) =>
        [...viewers.keys()].map((viewerKey) => ({ eventId, viewerKey })),
      );
      await this.store.put(entries);
      for (const eventId of this.local.keys()) {
        const count = await this.store.count(eventId);
        if (this.lastCount.get(eventId) !== count) {
          this.lastCount.set(eventId, count);
          this.sink(eventId, count, false);
        }
      }
      for (const eventId of this.lastCount.keys()) if (!this.local.has(eventId)) this.lastCount.delete(eventId);
    } catch (err) {
      this.log.warn({ err }, 'viewer heartbeat failed; entries expire if this persists');
    }
  }

  /** Graceful shutdown: this instance's viewers leave at once (a crash leaves them to expire). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    const events = [...this.local];
    this.local.clear();
    for (const [eventId, viewers] of events) {
      for (const viewerKey of viewers.keys()) await this.store.remove(eventId, viewerKey).catch(() => undefined);
      const count = await this.store.count(eventId).catch(() => undefined);
      if (count !== undefined) this.sink(eventId, count, true);
    }
  }
}
