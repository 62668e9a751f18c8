/**
 * Drives one sale: every buyer tries once, over a fixed number of connections, and the outcome of
 * each try is tallied by status and problem code ("201", "409 sold_out", "409 seats_taken", ...).
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Recorder, drive, type DriveResult, type JobContext, type RequestStats } from '../load/drive.js';
import type { HttpResponse } from '../load/http-connection.js';
import { APP_WARM_UP } from '../run-context.js';
import type { Buyer } from '../setup/buyers.js';

/** A flash sale is over in seconds; this only stops a wedged server from hanging the run. */
const SALE_MAX_MS = 180_000;

export interface SaleOutcome {
  drive: DriveResult;
  /** Tries by status and, for errors, problem code. */
  outcomes: Record<string, number>;
  /** Latency of a whole try (seat map and hold, for seats) by outcome. */
  latencyByOutcome: Record<string, RequestStats>;
  /** 201 answers. */
  confirmed: number;
  /** From the first request to the last 201: the time it took to sell what was sold. */
  sellingMs: number;
}

/** A label instead of a response: the buyer gave up without a request (e.g. saw no free seat). */
export type Attempt = HttpResponse | undefined | { skipped: string };

export function outcomeOf(response: Attempt): string {
  if (response === undefined) return 'socket error';
  if ('skipped' in response) return response.skipped;
  if (response.status < 400) return String(response.status);
  try {
    const code = (JSON.parse(response.body.toString('utf8')) as { code?: string }).code;
    return code === undefined ? String(response.status) : `${response.status} ${code}`;
  } catch {
    return String(response.status);
  }
}

/**
 * The general-admission buyer's attempt: one ticket of `ticketTypeId`, timed as 'reserve'. With an
 * Idempotency-Key, as the web app sends with every hold: its claim is part of the measured hold.
 */
/** One ticket per buyer; with `code`, every buyer sends that discount code (flash-sale-ga-code). */
export function reserveOneTicket(eventId: string, ticketTypeId: string, code?: string) {
  return (buyer: Buyer, { timed }: JobContext): Promise<Attempt> =>
    timed('reserve', {
      method: 'POST',
      path: '/api/reservations',
      headers: { ...buyer.headers, 'idempotency-key': randomUUID() },
      json: { eventId, items: [{ ticketTypeId, quantity: 1 }], ...(code === undefined ? {} : { code }) },
    });
}

/**
 * Runs `attempt` once per buyer. `attempt` sends the buyer's requests, timing the reservation as
 * 'reserve', and answers that response.
 */
export async function runSale(
  ports: number[],
  connections: number,
  buyers: Buyer[],
  attempt: (buyer: Buyer, context: JobContext) => Promise<Attempt>,
): Promise<SaleOutcome> {
  const outcomes = new Map<string, number>();
  const byOutcome = new Recorder();
  let confirmed = 0;
  let lastConfirmedAt = 0;
  const result = await drive({
    ports,
    connections,
    jobs: buyers.length,
    maxDurationMs: SALE_MAX_MS,
    // The buyers' connections are open when the sale starts, as from loading the event page.
    warmUp: APP_WARM_UP,
    job: async (context) => {
      const buyer = buyers[context.index];
      if (buyer === undefined) return;
      const t0 = performance.now();
      const outcome = outcomeOf(await attempt(buyer, context));
      byOutcome.record(outcome, outcome, performance.now() - t0);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (outcome === '201') {
        confirmed++;
        lastConfirmedAt = performance.now();
      }
    },
  });
  return {
    drive: result,
    outcomes: Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b))),
    confirmed,
    latencyByOutcome: Object.fromEntries([...outcomes.keys()].map((k) => [k, byOutcome.stats(k)])),
    sellingMs: Math.max(1, lastConfirmedAt - result.startedAt),
  };
}

/** Tries that ended in a server error or no answer at all. */
export function serverErrors(outcomes: Record<string, number>): number {
  return Object.entries(outcomes)
    .filter(([k]) => k.startsWith('5') || k === 'socket error')
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Tries that ended in anything but the expected answers. */
export function unexpectedOutcomes(outcomes: Record<string, number>, expected: readonly string[]): Record<string, number> {
  return Object.fromEntries(Object.entries(outcomes).filter(([k]) => !expected.includes(k)));
}

/** "201 p50 12 ms / p99 40 ms; 409 sold_out p50 ..." */
export function describeByOutcome(byOutcome: Record<string, RequestStats>): string {
  return Object.entries(byOutcome)
    .map(([k, v]) => `${k} p50 ${v.p50.toFixed(0)} / p99 ${v.p99.toFixed(0)} / max ${v.max.toFixed(0)} ms`)
    .join(', ');
}
