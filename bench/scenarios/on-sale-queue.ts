/**
 * Issue 20, Done-when 4: an on-sale through the waiting room. 50,000 verified accounts (made in the
 * database) join an event of 5,000 tickets before it opens, as fast as the connections allow; at
 * salesStartAt the draw orders them and admission lets them in; each admitted buyer holds with its
 * pass and pays, until the event is sold out. 10,000 of them watch their place over Socket.IO.
 *
 * The proof of work is lowered to QUEUE_POW_DIFFICULTY=4 for the run: at the default 18 bits each
 * join costs a browser about a second of its own CPU, which is the point in production, but here
 * one machine plays all 50,000 browsers and would measure its own hashing, not the server.
 *
 * Redis is a redis-server of the scenario's own when one is installed, so that INFO memory is the
 * waiting room's alone (the shared Redis holds other work); otherwise the bench's Redis database.
 */
import { Worker } from 'node:worker_threads';
import { Redis } from 'ioredis';
import { OwnRedis, redisServerAvailable } from '../../server/test/support/redis-server.js';
import { readInventory, saleChecks } from '../checks/inventory.js';
import { CpuMeter, describeCpu } from '../load/cpu.js';
import type { Check, Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import { openBenchDatabase, type RunContext } from '../run-context.js';
import { createGeneralEvent, signInAdmin } from '../setup/api-session.js';
import { createSignedInUsers, fetchCsrfTokens, type Buyer } from '../setup/buyers.js';
import { buyWhenAdmitted, joinAll } from './queue-buyers.js';
import { admissionChecks, readQueue, updateDelays } from './queue-measures.js';
import type { QueueSocketSpec, QueueWorkerIn, QueueWorkerOut, ReceivedUpdate } from './queue-sockets-worker.js';

const FULL = { tickets: 5000, accounts: 50_000, sockets: 10_000 };
const QUICK = { tickets: 500, accounts: 5000, sockets: 1000 };
const POW_DIFFICULTY = '4';
const JOINS_PER_SECOND_TARGET = 5000;
const DELAY_P99_TARGET_MS = 2000;
const MAX_PER_ORDER = 4;
const SOCKET_THREADS = 2;
const BUY_CONNECTIONS = 100;
const SALE_MAX_MS = 300_000;
const SETTLE_TIMEOUT_MS = 30_000;
const OPENING_LEAD_MS = 3000;

/** Half the waiting browsers per thread (two cores: more threads would only take turns). */
class SocketThread {
  private readonly worker = new Worker(new URL('./queue-sockets-worker-entry.mjs', import.meta.url));

  private ask(message: QueueWorkerIn): Promise<QueueWorkerOut> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (m: QueueWorkerOut) =>
        'failed' in m ? reject(new Error(`queue sockets: ${m.failed}`)) : resolve(m),
      );
      this.worker.once('error', reject);
      this.worker.postMessage(message);
    });
  }

  async start(port: number, eventId: string, sockets: QueueSocketSpec[]): Promise<number> {
    const m = await this.ask({ start: { port, eventId, sockets } });
    return 'ready' in m ? m.ready.connected : 0;
  }

  async collect(timeoutMs: number) {
    const m = await this.ask({ collect: { timeoutMs } });
    if (!('done' in m)) throw new Error('queue sockets: unexpected answer');
    return m.done;
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

async function redisMemory(url: string): Promise<{ usedMb: number; peakMb: number }> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const info = await redis.info('memory');
    const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0) / 1024 / 1024;
    return { usedMb: field('used_memory'), peakMb: field('used_memory_peak') };
  } finally {
    redis.disconnect();
  }
}

async function withScenarioRedis<T>(ctx: RunContext, use: (url: string, own: boolean) => Promise<T>): Promise<T> {
  if (!redisServerAvailable) return ctx.withRedis((url) => use(url, false));
  const own = await OwnRedis.start();
  try {
    return await use(own.url, true);
  } finally {
    await own.stop();
  }
}

export async function onSaleQueueScenario(ctx: RunContext): Promise<Row[]> {
  const scenario = 'on-sale-queue';
  const size = ctx.options.quick ? QUICK : FULL;
  const variant = `${size.tickets} tickets, ${size.accounts} accounts, ${size.sockets} sockets`;
  if (!ctx.postgres.ok) return [notRun(scenario, variant, 'skipped', ctx.postgres.reason, 'postgres+redis')];
  if (!redisServerAvailable && !ctx.redis.ok) return [notRun(scenario, variant, 'skipped', ctx.redis.reason, 'postgres+redis')];
  return withScenarioRedis(ctx, (redisUrl, ownRedis) =>
    ctx.withDatabase('postgres', async (url) => {
      const server = await ctx.startApp(url, { redisUrl, env: { QUEUE_POW_DIFFICULTY: POW_DIFFICULTY } });
      const database = openBenchDatabase(url);
      const threads = Array.from({ length: SOCKET_THREADS }, () => new SocketThread());
      try {
        const admin = await signInAdmin(server.port);
        const opensAt = Date.now() + 1000;
        const { eventId, ticketTypeId } = await createGeneralEvent(admin, size.tickets, {
          maxTicketsPerOrder: MAX_PER_ORDER,
          salesStartAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
          queue: { enabled: true, opensAt: new Date(opensAt).toISOString(), admitPerMinute: null, passMinutes: 10 },
        });
        const users = await createSignedInUsers(database.db, size.accounts);
        const buyers = await fetchCsrfTokens([server.port], users);
        const byId = new Map<string, Buyer>(buyers.map((b) => [b.userId, b]));
        await new Promise((r) => setTimeout(r, Math.max(0, opensAt - Date.now())));

        // The crowd joins before the sale opens.
        server.resetPeak();
        const joinCpu = await CpuMeter.start([server.pid], database.db);
        const joins = await joinAll([server.port], ctx.sizes.connections, eventId, buyers);
        const joinStats = joins.recorder.stats('join');
        const joined = joins.recorder.count('join', '201');
        const joinsPerSecond = joined / (joins.elapsedMs / 1000);
        const joinCpuUse = await joinCpu.stop(joined);

        // 10,000 of them keep the waiting-room page open.
        const specs: QueueSocketSpec[] = users.slice(0, size.sockets).map((u, n) => ({
          userId: u.userId,
          token: u.token,
          address: byId.get(u.userId)?.headers['x-forwarded-for'] ?? `10.250.${(n >> 8) & 255}.${n & 255}`,
        }));
        const perThread = Math.ceil(specs.length / SOCKET_THREADS);
        const connected = (
          await Promise.all(threads.map((t, i) => t.start(server.port, eventId, specs.slice(i * perThread, (i + 1) * perThread))))
        ).reduce((a, b) => a + b, 0);

        // The sale opens a few seconds from now: the draw, then admission.
        const salesStartAt = Date.now() + OPENING_LEAD_MS;
        await admin.call('PATCH', `/api/events/${eventId}`, { salesStartAt: new Date(salesStartAt).toISOString() });
        admin.close();
        const seen = new Set<string>();
        const purchases = await buyWhenAdmitted({
          ports: [server.port],
          connections: BUY_CONNECTIONS,
          eventId,
          ticketTypeId,
          buyers: byId,
          quantityOf: (userId) => 1 + ((byId.get(userId)?.headers['x-forwarded-for'].length ?? 0) % MAX_PER_ORDER),
          newlyAdmitted: async () => {
            const rows = await database.db
              .selectFrom('queue_entries')
              .select('user_id')
              .where('event_id', '=', eventId)
              .where('status', '=', 'admitted')
              .execute();
            const fresh = rows.map((r) => r.user_id).filter((id) => !seen.has(id));
            for (const id of fresh) seen.add(id);
            return fresh;
          },
          over: async () => {
            const t = await database.db
              .selectFrom('ticket_types')
              .select(['capacity', 'sold'])
              .where('id', '=', ticketTypeId)
              .executeTakeFirst();
            return t !== undefined && t.sold >= t.capacity;
          },
          maxMs: SALE_MAX_MS,
        });
        const soldOutMs = purchases.lastPaidAt - salesStartAt;

        const collected = await Promise.all(threads.map((t) => t.collect(SETTLE_TIMEOUT_MS)));
        const settled = collected.reduce((a, c) => a + c.settled, 0);
        const dropped = collected.reduce((a, c) => a + c.dropped, 0);
        const updates: ReceivedUpdate[][] = collected.flatMap((c) => c.updates.map((u) => u.received));
        const record = await readQueue(database.db, eventId);
        const delays = updateDelays(updates, record.admittedAtByPosition, record.drawnAt ?? salesStartAt);
        const redisMb = await redisMemory(redisUrl);
        const inventory = await readInventory(database.db, eventId);

        const checks: Check[] = [
          ...saleChecks(inventory, purchases.heldTickets, true),
          ...(await admissionChecks(database.db, eventId, joined)),
          { name: 'every join answered 201', ok: joined === size.accounts, detail: JSON.stringify(joinStats.statuses) },
          { name: 'every socket connected', ok: connected === size.sockets, detail: `${connected} of ${size.sockets}` },
          {
            name: 'every socket told admitted or sold out',
            ok: settled === size.sockets,
            detail: `${settled} of ${size.sockets}; ${dropped} of the others disconnected; ${record.waiting} places still waiting`,
          },
          {
            name: 'every pushed place matches an admission',
            ok: delays.unmatched === 0,
            detail: `${delays.unmatched} of ${delays.count + delays.unmatched} updates name a place never admitted`,
          },
        ];
        return [
          {
            scenario,
            variant,
            backend: `postgres+redis${ownRedis ? ' (own)' : ''}`,
            state: 'ran',
            connections: ctx.sizes.connections,
            requests: joinStats.count,
            seconds: joins.elapsedMs / 1000,
            throughput: { value: joinsPerSecond, unit: 'joins/s' },
            latency: joinStats,
            statuses: { ...purchases.outcomes },
            checks,
            targets: ctx.options.quick
              ? []
              : [
                  {
                    name: `≥ ${JOINS_PER_SECOND_TARGET} joins/s (issue 20)`,
                    ok: joinsPerSecond >= JOINS_PER_SECOND_TARGET,
                    detail: `${joinsPerSecond.toFixed(0)}/s`,
                  },
                  {
                    name: `position update p99 < ${DELAY_P99_TARGET_MS} ms (issue 20)`,
                    ok: delays.count > 0 && delays.p99 < DELAY_P99_TARGET_MS,
                    detail: `${delays.p99.toFixed(0)} ms over ${delays.count} updates`,
                  },
                ],
            peakRssMb: server.peakRssMb(),
            note:
              `PoW difficulty lowered to ${POW_DIFFICULTY} bits for the run; joins: ${describeCpu(joinCpuUse, 'join (challenge + join)')} (Redis in the rest); ` +
              `opening to sold out (last payment) ${(soldOutMs / 1000).toFixed(1)} s, draw ${record.drawnAt === undefined ? 'never' : `${((record.drawnAt - salesStartAt) / 1000).toFixed(1)} s`} after opening; ` +
              `${record.admitted} admitted, ${purchases.paidTickets} tickets paid; ` +
              `position updates p50 ${delays.p50.toFixed(0)} / p99 ${delays.p99.toFixed(0)} / max ${delays.max.toFixed(0)} ms (${delays.count} updates to ${connected} sockets); ` +
              `Redis used_memory_peak ${redisMb.peakMb.toFixed(1)} MiB${ownRedis ? '' : ' (shared instance: includes other data)'}; ` +
              `buyer requests: ${['place', 'hold', 'pay'].map((n) => `${n} p99 ${purchases.recorder.stats(n).p99.toFixed(0)} ms`).join(', ')}`,
          },
        ];
      } finally {
        await Promise.all(threads.map((t) => t.stop()));
        await database.close();
        await server.stop();
      }
    }),
  );
}
