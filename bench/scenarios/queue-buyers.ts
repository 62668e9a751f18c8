/**
 * The on-sale-queue scenario's crowd: every account joins the waiting room (fetches a challenge,
 * solves it, joins) as fast as the connections allow; after opening, each admitted account does
 * what its browser does on the push that admits it: reads its place (the pass), holds with the
 * pass and pays.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { QueueChallenge, QueuePlace } from '@iatichet/contracts';
import { Recorder, drive, type DriveResult } from '../load/drive.js';
import { HttpConnection, type HttpResponse } from '../load/http-connection.js';
import { APP_WARM_UP } from '../run-context.js';
import type { Buyer } from '../setup/buyers.js';
import { solveChallenge } from '../setup/proof-of-work.js';
import { outcomeOf } from './sale-driver.js';

const JOIN_MAX_MS = 300_000;
const CARD = { number: '4242424242424242', expMonth: 12, expYear: 2040, cvc: '123' };
const PAY_ATTEMPTS = 5;

/** Every buyer joins once: GET challenge, solve, POST join; 'join' is timed on its own. */
export async function joinAll(ports: number[], connections: number, eventId: string, buyers: Buyer[]): Promise<DriveResult> {
  return drive({
    ports,
    connections,
    jobs: buyers.length,
    maxDurationMs: JOIN_MAX_MS,
    warmUp: APP_WARM_UP,
    job: async ({ index, timed }) => {
      const buyer = buyers[index];
      if (buyer === undefined) return;
      const got = await timed('challenge', { method: 'GET', path: '/api/queue/challenge', headers: buyer.headers });
      if (got?.status !== 200) return;
      const { challenge, difficulty } = JSON.parse(got.body.toString('utf8')) as QueueChallenge;
      const solution = solveChallenge(challenge, difficulty);
      await timed('join', {
        method: 'POST',
        path: `/api/events/${eventId}/queue`,
        headers: buyer.headers,
        json: { challenge, solution },
      });
    },
  });
}

export interface Purchases {
  recorder: Recorder;
  /** Outcome of each admitted buyer's whole try ("paid", "409 sold_out", "403 queue_required", ...). */
  outcomes: Record<string, number>;
  /** Tickets whose hold was answered 201. */
  heldTickets: number;
  paidTickets: number;
  /** Date.now() of the last successful payment, 0 if none. */
  lastPaidAt: number;
  /** Admitted accounts the driver picked up. */
  admittedSeen: number;
}

export interface PurchaseOptions {
  ports: number[];
  connections: number;
  eventId: string;
  ticketTypeId: string;
  buyers: Map<string, Buyer>;
  /** How many tickets this buyer wants (within the event's per-order cap). */
  quantityOf: (userId: string) => number;
  /** Accounts admitted since the last call (the push each browser would get). */
  newlyAdmitted: () => Promise<string[]>;
  /** True once the sale is over (sold out and paid); checked between polls. */
  over: () => Promise<boolean>;
  maxMs: number;
}

const body = (r: HttpResponse): unknown => JSON.parse(r.body.toString('utf8'));

/** Runs until `over()` or the time is up: admitted buyers hold with their pass and pay. */
export async function buyWhenAdmitted(options: PurchaseOptions): Promise<Purchases> {
  const recorder = new Recorder();
  const outcomes = new Map<string, number>();
  const pending: string[] = [];
  const result: Purchases = { recorder, outcomes: {}, heldTickets: 0, paidTickets: 0, lastPaidAt: 0, admittedSeen: 0 };
  const deadline = performance.now() + options.maxMs;
  let finished = false;

  const poller = (async () => {
    while (!finished && performance.now() < deadline) {
      const admitted = await options.newlyAdmitted();
      result.admittedSeen += admitted.length;
      pending.push(...admitted);
      if (pending.length === 0 && (await options.over())) finished = true;
      else await new Promise((r) => setTimeout(r, 100));
    }
    finished = true;
  })();

  const timed = async (connection: HttpConnection, name: string, request: Parameters<HttpConnection['request']>[0]) => {
    const t0 = performance.now();
    try {
      const response = await connection.request(request);
      recorder.record(name, String(response.status), performance.now() - t0);
      return response;
    } catch {
      recorder.record(name, 'error', performance.now() - t0);
      return undefined;
    }
  };
  const tally = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);

  const buy = async (connection: HttpConnection, userId: string) => {
    const buyer = options.buyers.get(userId);
    if (buyer === undefined) return tally('not a bench buyer');
    const place = await timed(connection, 'place', {
      method: 'GET',
      path: `/api/events/${options.eventId}/queue`,
      headers: buyer.headers,
    });
    if (place?.status !== 200) return tally(`place ${outcomeOf(place)}`);
    const { pass } = body(place) as QueuePlace;
    if (pass === undefined) return tally('place without a pass');
    let quantity = options.quantityOf(userId);
    for (;;) {
      const held = await timed(connection, 'hold', {
        method: 'POST',
        path: '/api/reservations',
        headers: { ...buyer.headers, 'x-queue-pass': pass, 'idempotency-key': randomUUID() },
        json: { eventId: options.eventId, items: [{ ticketTypeId: options.ticketTypeId, quantity }] },
      });
      if (held?.status === 409 && quantity > 1) {
        // Fewer left than wanted: a buyer takes what there is rather than nothing.
        quantity = 1;
        continue;
      }
      if (held?.status !== 201) return tally(`hold ${outcomeOf(held)}`);
      result.heldTickets += quantity;
      const { id } = body(held) as { id: string };
      // A 503 (the server shedding load) or a lost answer is retried, as the payment page does:
      // a hold left unpaid would keep its tickets from the sale until it expires.
      let paid: HttpResponse | undefined;
      for (let attempt = 0; attempt < PAY_ATTEMPTS; attempt++) {
        if (attempt > 0) {
          tally(`pay retried after ${outcomeOf(paid)}`);
          await new Promise((r) => setTimeout(r, 250 * attempt));
        }
        paid = await timed(connection, 'pay', {
          method: 'POST',
          path: `/api/reservations/${id}/pay`,
          headers: buyer.headers,
          json: { method: 'card', card: CARD },
        });
        if (paid !== undefined && paid.status < 500) break;
      }
      if (paid?.status !== 200) return tally(`pay ${outcomeOf(paid)}`);
      result.paidTickets += quantity;
      result.lastPaidAt = Date.now();
      return tally('paid');
    }
  };

  const workers = Array.from({ length: options.connections }, async (_, w) => {
    const connection = new HttpConnection(options.ports[w % options.ports.length] ?? 0);
    try {
      while (!finished || pending.length > 0) {
        const userId = pending.shift();
        if (userId === undefined) {
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        await buy(connection, userId);
      }
    } finally {
      connection.close();
    }
  });
  await Promise.all([poller, ...workers]);
  result.outcomes = Object.fromEntries([...outcomes].sort(([a], [b]) => a.localeCompare(b)));
  return result;
}
