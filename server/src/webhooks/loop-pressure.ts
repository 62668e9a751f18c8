/**
 * Background work that yields to requests. The webhook worker runs in the process that answers
 * buyers; during a flash sale the event loop is the bottleneck, and every delivery sent then (an
 * HTTP request, a signature, an outcome row) is taken from the sale. Deliveries are asynchronous
 * by contract (a receiver sees them seconds later either way), so while the loop is saturated they
 * are paced, and at full speed again as soon as it is not.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

/**
 * Share of the last interval the event loop spent working, above which it counts as saturated.
 * Measured in the bench's webhook sale: a sale keeps the loop 74–100 % busy in 100 ms samples,
 * the deliveries alone 30–50 %; at 0.9 half of the sale's samples let deliveries run unpaced.
 */
const BUSY_UTILIZATION = 0.7;
const SAMPLE_MS = 100;

/** Whether the event loop was saturated over the last sample (about 100 ms). */
export class LoopPressure {
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private saturated = false;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.timer = setInterval(() => {
      const now = performance.eventLoopUtilization();
      this.saturated = performance.eventLoopUtilization(now, this.last).utilization > BUSY_UTILIZATION;
      this.last = now;
    }, SAMPLE_MS).unref();
  }

  busy(): boolean {
    return this.saturated;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * A token bucket: `perSecond` starts a second, `burst` at once at most; `now` in milliseconds, a
 * monotonic clock (a wall clock set back would empty the bucket for as long).
 */
export class Pace {
  private tokens: number;
  private at: number;

  constructor(
    private readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.at = now();
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
  }

  /** Milliseconds until `wanted` (at most the burst) may start; 0 when they may now. */
  waitMs(wanted: number): number {
    this.refill();
    const missing = Math.min(wanted, this.burst) - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.perSecond) * 1000);
  }

  /** Takes up to `wanted` starts; answers how many may start now (0: wait a little). */
  take(wanted: number): number {
    this.refill();
    const granted = Math.min(wanted, Math.floor(this.tokens));
    this.tokens -= granted;
    return granted;
  }
}
