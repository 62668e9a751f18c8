/**
 * Issue 17, Done-when 5: webhook deliveries of 10,000 events to a local receiver at ≥ 1,000/s with
 * no id lost or delivered twice (the receiver counts), while a flash sale runs; and that sale's
 * numbers within 20 % of the same sale without a subscribed hook.
 *
 * One server (PostgreSQL, WEBHOOK_ALLOW_PRIVATE=true for the local receiver). First a sale with no
 * hook; then a hook subscribed to reservation.created (every hold of the sale writes its outbox
 * row in the hold's transaction) and a second sale, fresh event and buyers, during which 10,000
 * pending deliveries of a second hook are written to the outbox in one transaction (as a burst of
 * events would leave them) and the server's worker drains them to the receiver.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';
import { pendingDelivery } from '../../server/src/webhooks/outbox.js';
import type { Check, Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import { openBenchDatabase, type RunContext } from '../run-context.js';
import { signInAdmin } from '../setup/api-session.js';
import { prepareBuyers, sellGeneralAdmission } from './flash-sale-ga.js';

const DELIVERIES_PER_SECOND_TARGET = 1000;
const SALE_WITHIN = 0.2;

/** Counts every POST by path and delivery id; answers 204 at once. */
class CountingReceiver {
  readonly seen = new Map<string, Map<string, number>>();
  private server: Server | undefined;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
        const byId = this.seen.get(req.url ?? '/') ?? new Map<string, number>();
        byId.set(id, (byId.get(id) ?? 0) + 1);
        this.seen.set(req.url ?? '/', byId);
        res.writeHead(204).end();
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  distinct(path: string): number {
    return this.seen.get(path)?.size ?? 0;
  }

  total(path: string): number {
    return [...(this.seen.get(path)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

async function queueBurst(db: Kysely<Database>, hookId: string, count: number): Promise<string[]> {
  const now = new Date().toISOString();
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += 1000)
      await trx
        .insertInto('webhook_deliveries')
        .values(
          ids
            .slice(i, i + 1000)
            .map((id) => pendingDelivery(id, hookId, 'event.changed', now, { event: { id: 'bench', title: 'Burst' } })),
        )
        .execute();
  });
  return ids;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

export async function webhooksScenario(ctx: RunContext): Promise<Row[]> {
  const scenario = 'webhooks';
  if (!ctx.postgres.ok) return [notRun(scenario, 'deliveries during a flash sale', 'skipped', ctx.postgres.reason, 'postgres')];
  const { gaTickets, gaUsers, connections } = ctx.sizes;
  const burst = ctx.options.quick ? 2000 : 10_000;
  const receiver = new CountingReceiver();
  await receiver.start();
  try {
    return await ctx.withDatabase('postgres', async (url) => {
      const server = await ctx.startApp(url, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
      const database = openBenchDatabase(url);
      const admin = await signInAdmin(server.port);
      try {
        const db = database.db;
        const organizer = await db.selectFrom('organizers').select('id').where('is_default', '=', 1).executeTakeFirstOrThrow();
        const sale = { backend: 'postgres', servers: [server], database, tickets: gaTickets, connections, withTargets: false };
        const plain = await sellGeneralAdmission(ctx, {
          ...sale,
          scenario,
          variant: `flash sale, no webhook (${gaTickets} tickets, c=${connections})`,
          buyers: await prepareBuyers(database, [server], gaUsers),
        });

        const subscribe = (path: string, events: string[]) =>
          admin.call<{ id: string }>('POST', `/api/organizers/${organizer.id}/webhooks`, {
            url: `http://127.0.0.1:${receiver.port}${path}`,
            events,
          });
        const saleHook = await subscribe('/sale', ['reservation.created']);
        const burstHook = await subscribe('/burst', ['event.changed']);
        const buyers = await prepareBuyers(database, [server], gaUsers);
        let drained: { ok: boolean; ms: number; ids: string[] } = { ok: false, ms: 0, ids: [] };
        const withHooks = await sellGeneralAdmission(ctx, {
          ...sale,
          scenario,
          variant: `flash sale, webhooks subscribed (${gaTickets} tickets, c=${connections})`,
          buyers,
          alongside: async () => {
            const started = Date.now();
            const ids = await queueBurst(db, burstHook.id, burst);
            const ok = await until(() => receiver.distinct('/burst') >= burst, 120_000);
            drained = { ok, ms: Date.now() - started, ids };
          },
        });
        const ratio = (withHooks.throughput?.value ?? 0) / (plain.throughput?.value ?? 1);
        withHooks.targets.push({
          name: `within ${SALE_WITHIN * 100} % of the sale without webhooks (issue 17)`,
          ok: ratio >= 1 - SALE_WITHIN,
          detail: `${(ratio * 100).toFixed(0)} % of ${(plain.throughput?.value ?? 0).toFixed(0)}/s`,
        });

        // Every hold of the sale: exactly one reservation.created delivered to /sale.
        const held = withHooks.statuses?.['201'] ?? 0;
        const saleDone = await until(() => receiver.distinct('/sale') >= held, 60_000);
        await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate to show up
        const queuedForSale = await db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('webhook_id', '=', saleHook.id)
          .executeTakeFirstOrThrow();
        const undelivered = await db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '!=', 'delivered')
          .executeTakeFirstOrThrow();
        const got = receiver.distinct('/burst');
        const checks: Check[] = [
          { name: 'burst drained', ok: drained.ok, detail: `${got} of ${burst} in ${(drained.ms / 1000).toFixed(1)} s` },
          {
            name: '0 lost',
            ok: drained.ids.every((id) => receiver.seen.get('/burst')?.has(id) === true),
            detail: `${burst - got} lost`,
          },
          {
            name: '0 duplicated',
            ok: receiver.total('/burst') === got && receiver.total('/sale') === receiver.distinct('/sale'),
            detail: `${receiver.total('/burst') - got + receiver.total('/sale') - receiver.distinct('/sale')} twice`,
          },
          {
            name: 'one reservation.created per hold',
            ok: saleDone && queuedForSale.n === held && receiver.distinct('/sale') === held,
            detail: `${held} holds, ${queuedForSale.n} queued, ${receiver.distinct('/sale')} delivered`,
          },
          { name: 'all delivered in the end', ok: undelivered.n === 0, detail: `${undelivered.n} not delivered` },
        ];
        const perSecond = burst / (drained.ms / 1000);
        const delivery: Row = {
          scenario,
          variant: `${burst} deliveries during the sale`,
          backend: 'postgres',
          state: 'ran',
          requests: burst,
          seconds: drained.ms / 1000,
          throughput: { value: perSecond, unit: 'deliveries/s' },
          checks,
          targets: ctx.options.quick
            ? []
            : [
                {
                  name: `≥ ${DELIVERIES_PER_SECOND_TARGET} deliveries/s (issue 17)`,
                  ok: perSecond >= DELIVERIES_PER_SECOND_TARGET,
                  detail: `${perSecond.toFixed(0)}/s`,
                },
              ],
          note: 'from the commit of the burst to the last id counted by the receiver; the sale ran meanwhile',
        };
        return [plain, withHooks, delivery];
      } finally {
        admin.close();
        await database.close();
        await server.stop();
      }
    });
  } finally {
    await receiver.stop();
  }
}
