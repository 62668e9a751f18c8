/**
 * Issue 7, Done-when 2: a general-admission flash sale on one instance while thousands of
 * socket.io clients watch the event. The reservation p99 must stay within the flash-sale target
 * of issue 5, and every watcher must end with the final availability (coalesced messages, so a
 * watcher sees a handful per second, not one per hold).
 */
import type { AvailabilityMessage } from '@iatichet/contracts';
import { io, type Socket } from 'socket.io-client';
import { readInventory, saleChecks } from '../checks/inventory.js';
import type { Check, Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import { openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { createGeneralEvent, signInAdmin } from '../setup/api-session.js';
import { prepareBuyers } from './flash-sale-ga.js';
import { describeByOutcome, runSale, serverErrors } from './sale-driver.js';

const WATCHERS = 2000;
const QUICK_WATCHERS = 300;
const P99_TARGET_MS = 250;
const CONNECT_BATCH = 100;
const CONVERGE_TIMEOUT_MS = 15_000;

interface Watcher {
  socket: Socket;
  messages: number;
  last: AvailabilityMessage | undefined;
  viewers: number | undefined;
}

async function connectWatchers(port: number, eventId: string, count: number): Promise<Watcher[]> {
  const watchers: Watcher[] = [];
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - start) }, async () => {
      const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false, forceNew: true });
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
    watchers.push(...(await Promise.all(batch)));
  }
  return watchers;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

export async function realTimeScenario(ctx: RunContext): Promise<Row[]> {
  const scenario = 'real-time';
  const kind: DatabaseKind = ctx.postgres.ok ? 'postgres' : 'sqlite';
  const watcherCount = ctx.options.quick ? QUICK_WATCHERS : WATCHERS;
  const { gaTickets, gaUsers, connections } = ctx.sizes;
  if (kind === 'sqlite' && !ctx.options.quick)
    return [notRun(scenario, `${watcherCount} watchers during the sale`, 'skipped', ctx.postgres.ok ? '' : ctx.postgres.reason)];
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url);
    const database = openBenchDatabase(url);
    let watchers: Watcher[] = [];
    try {
      const admin = await signInAdmin(server.port);
      const { eventId, ticketTypeId } = await createGeneralEvent(admin, gaTickets).finally(() => admin.close());
      const buyers = await prepareBuyers(database, [server], gaUsers, { kind: 'database' });
      watchers = await connectWatchers(server.port, eventId, watcherCount);
      await waitUntil(() => watchers.every((w) => w.viewers === watcherCount), 10_000);
      const viewersRight = watchers.filter((w) => w.viewers === watcherCount).length;
      server.resetPeak();

      const result = await runSale([server.port], connections, buyers, (buyer, { timed }) =>
        timed('reserve', {
          method: 'POST',
          path: '/api/reservations',
          headers: buyer.headers,
          json: { eventId, items: [{ ticketTypeId, quantity: 1 }] },
        }),
      );
      const stats = result.drive.recorder.stats('reserve');
      const finalRemaining = (
        await database.db.selectFrom('ticket_types').select(['capacity', 'sold', 'held']).where('id', '=', ticketTypeId).execute()
      ).reduce((sum, t) => sum + Math.max(0, t.capacity - t.sold - t.held), 0);
      const convergedMs = await waitUntil(() => watchers.every((w) => w.last?.remaining === finalRemaining), CONVERGE_TIMEOUT_MS);
      const converged = watchers.filter((w) => w.last?.remaining === finalRemaining).length;
      const messages = watchers.map((w) => w.messages).sort((x, y) => x - y);
      const medianMessages = messages[Math.floor(messages.length / 2)] ?? 0;
      const perSecond = result.confirmed / (result.sellingMs / 1000);
      const inventory = await readInventory(database.db, eventId);
      const checks: Check[] = [
        ...saleChecks(inventory, result.confirmed, buyers.length >= gaTickets),
        {
          name: 'every watcher ends with the final availability',
          ok: converged === watchers.length,
          detail: `${converged} of ${watchers.length} show ${finalRemaining} left, ${(convergedMs / 1000).toFixed(1)} s after the last answer`,
        },
        {
          name: 'viewer count = watchers',
          ok: viewersRight === watchers.length,
          detail: `${viewersRight} of ${watchers.length} saw ${watcherCount}`,
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
          variant: `${watchers.length} watchers, ${gaTickets} tickets, c=${connections}`,
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
            `${watchers.length} socket.io watchers; ${medianMessages} availability messages each (median) during a ` +
            `${(result.sellingMs / 1000).toFixed(1)} s sale; latency by outcome: ${describeByOutcome(result.latencyByOutcome)}`,
        },
      ];
    } finally {
      for (const w of watchers) w.socket.disconnect();
      await database.close();
      await server.stop();
    }
  });
}
