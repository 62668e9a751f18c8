/**
 * Issue 7, Done-when 2: a general-admission flash sale on one instance while thousands of
 * socket.io clients watch the event. The reservation p99 must stay within the flash-sale target
 * of issue 5, and every watcher must end with the final availability (coalesced messages, so a
 * watcher sees a handful per second, not one per hold).
 */
import { Worker } from 'node:worker_threads';
import { readInventory, saleChecks } from '../checks/inventory.js';
import type { Check, Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import { openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { createGeneralEvent, signInAdmin } from '../setup/api-session.js';
import { prepareBuyers } from './flash-sale-ga.js';
import { describeByOutcome, reserveOneTicket, runSale, serverErrors } from './sale-driver.js';
import type { WorkerIn, WorkerOut } from './watchers-worker.js';

const WATCHERS = 2000;
const QUICK_WATCHERS = 300;
const P99_TARGET_MS = 250;
const CONVERGE_TIMEOUT_MS = 15_000;

/** The watchers' thread: started with the event, asked at the end whether every watcher converged. */
class WatcherThread {
  private readonly worker = new Worker(new URL('./watchers-worker-entry.mjs', import.meta.url));

  private next(): Promise<WorkerOut> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (message: WorkerOut) =>
        'failed' in message ? reject(new Error(`watchers: ${message.failed}`)) : resolve(message),
      );
      this.worker.once('error', reject);
    });
  }

  async start(port: number, eventId: string, count: number): Promise<number> {
    const answer = this.next();
    this.worker.postMessage({ start: { port, eventId, count } } satisfies WorkerIn);
    const message = await answer;
    if (!('ready' in message)) throw new Error('watchers: unexpected answer');
    return message.ready.viewersRight;
  }

  async converge(remaining: number, timeoutMs: number) {
    const answer = this.next();
    this.worker.postMessage({ converge: { remaining, timeoutMs } } satisfies WorkerIn);
    const message = await answer;
    if (!('done' in message)) throw new Error('watchers: unexpected answer');
    return message.done;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

export async function realTimeScenario(ctx: RunContext): Promise<Row[]> {
  const scenario = 'real-time';
  const kind: DatabaseKind = ctx.postgres.ok ? 'postgres' : 'sqlite';
  const watcherCount = ctx.options.quick ? QUICK_WATCHERS : WATCHERS;
  const { gaTickets, gaUsers, connections } = ctx.sizes;
  if (kind === 'sqlite' && !ctx.options.quick)
    return [notRun(scenario, `${watcherCount} watchers during the sale`, 'skipped', ctx.postgres.ok ? '' : ctx.postgres.reason)];
  return ctx.withDatabase(kind, async (url) => {
    // The watchers stand for 2,000 browsers on as many machines, but all connect from 127.0.0.1:
    // each sends its own X-Forwarded-For, believed from 127.0.0.1 only, so that the server's
    // per-address socket cap and one-viewer-per-address count see distinct clients.
    const server = await ctx.startApp(url, { env: { TRUST_PROXY: '127.0.0.1' } });
    const database = openBenchDatabase(url);
    const watchers = new WatcherThread();
    try {
      const admin = await signInAdmin(server.port);
      const { eventId, ticketTypeId } = await createGeneralEvent(admin, gaTickets).finally(() => admin.close());
      const buyers = await prepareBuyers(database, [server], gaUsers);
      const viewersRight = await watchers.start(server.port, eventId, watcherCount);
      server.resetPeak();

      const result = await runSale([server.port], connections, buyers, reserveOneTicket(eventId, ticketTypeId));
      const stats = result.drive.recorder.stats('reserve');
      const finalRemaining = (
        await database.db.selectFrom('ticket_types').select(['capacity', 'sold', 'held']).where('id', '=', ticketTypeId).execute()
      ).reduce((sum, t) => sum + Math.max(0, t.capacity - t.sold - t.held), 0);
      const { converged, convergedMs, messages } = await watchers.converge(finalRemaining, CONVERGE_TIMEOUT_MS);
      const medianMessages = messages[Math.floor(messages.length / 2)] ?? 0;
      const perSecond = result.confirmed / (result.sellingMs / 1000);
      const inventory = await readInventory(database.db, eventId);
      const checks: Check[] = [
        ...saleChecks(inventory, result.confirmed, buyers.length >= gaTickets),
        {
          name: 'every watcher ends with the final availability',
          ok: converged === watcherCount,
          detail: `${converged} of ${watcherCount} show ${finalRemaining} left, ${(convergedMs / 1000).toFixed(1)} s after the last answer`,
        },
        {
          name: 'viewer count = watchers',
          ok: viewersRight === watcherCount,
          detail: `${viewersRight} of ${watcherCount} saw ${watcherCount}`,
        },
        {
          name: 'coalesced: fewer messages than holds',
          ok: (messages.at(-1) ?? 0) < Math.max(2, result.confirmed),
          detail: `median ${medianMessages}, max ${messages.at(-1) ?? 0} messages per watcher for ${result.confirmed} holds`,
        },
        {
          name: '0 server errors',
          ok: serverErrors(result.outcomes) === 0,
          detail: `${serverErrors(result.outcomes)} 5xx or no answer`,
        },
      ];
      return [
        {
          scenario,
          variant: `${watcherCount} watchers, ${gaTickets} tickets, c=${connections}`,
          backend: kind,
          state: 'ran',
          connections,
          requests: stats.count,
          seconds: result.drive.elapsedMs / 1000,
          throughput: { value: perSecond, unit: 'reservations/s' },
          latency: stats,
          statuses: result.outcomes,
          checks,
          targets:
            kind === 'postgres' && !ctx.options.quick
              ? [
                  {
                    name: `p99 < ${P99_TARGET_MS} ms (issue 5)`,
                    ok: stats.p99 < P99_TARGET_MS,
                    detail: `${stats.p99.toFixed(0)} ms`,
                  },
                ]
              : [],
          peakRssMb: server.peakRssMb(),
          note:
            `${watcherCount} socket.io watchers (in a worker thread of the load driver); ${medianMessages} availability messages each (median) during a ` +
            `${(result.sellingMs / 1000).toFixed(1)} s sale; latency by outcome: ${describeByOutcome(result.latencyByOutcome)}`,
        },
      ];
    } finally {
      await watchers.stop();
      await database.close();
      await server.stop();
    }
  });
}
