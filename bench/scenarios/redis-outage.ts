/**
 * Issue 16, Done-when 5: the two-instance flash sale (scenario 5) run twice on one PostgreSQL and
 * a Redis of the bench's own (redis-server on a free port, no persistence): once with Redis up
 * throughout, then on a fresh event with Redis killed once a third of the tickets are taken and
 * started again, empty, once two thirds are. Both must sell without overselling; any 5xx fails the run's
 * checks and is listed by status in the row. The bench's shared Redis is never stopped.
 */
import { notRun, type Row } from '../report/result.js';
import { openBenchDatabase, type RunContext } from '../run-context.js';
import type { ServerProcess } from '../setup/processes.js';
// The tests' own-Redis helper: one definition of starting and killing a private redis-server.
import { OwnRedis, redisServerAvailable } from '../../server/test/support/redis-server.js';
import { prepareBuyers, sellGeneralAdmission } from './flash-sale-ga.js';

const BACKEND = 'postgres+redis x2';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function redisOutageScenario(ctx: RunContext): Promise<Row[]> {
  const scenario = 'flash-sale-redis-outage';
  if (!ctx.postgres.ok) return [notRun(scenario, 'general admission', 'skipped', ctx.postgres.reason, BACKEND)];
  if (!redisServerAvailable)
    return [
      notRun(scenario, 'general admission', 'skipped', 'redis-server is not installed (apt-get install redis-server)', BACKEND),
    ];
  const { gaTickets, gaUsers, connections } = ctx.sizes;
  const redis = await OwnRedis.start();
  try {
    return await ctx.withDatabase('postgres', async (url) => {
      const servers: ServerProcess[] = [await ctx.startApp(url, { redisUrl: redis.url })];
      const database = openBenchDatabase(url);
      try {
        servers.push(await ctx.startApp(url, { redisUrl: redis.url }));
        // Each buyer tries once per sale, and each sale is its own event: one crowd serves both.
        const buyers = await prepareBuyers(database, servers, gaUsers);
        const sale = {
          scenario,
          backend: BACKEND,
          servers,
          database,
          buyers,
          tickets: gaTickets,
          connections,
          withTargets: false,
        };
        const up = await sellGeneralAdmission(ctx, { ...sale, variant: `Redis up, ${gaTickets} tickets, c=${connections}` });
        const window = { stoppedAt: 0, soldAtStop: 0, backAt: 0, soldAtReturn: 0 };
        const started = Date.now();
        const down = await sellGeneralAdmission(ctx, {
          ...sale,
          variant: `Redis down for the middle third, ${gaTickets} tickets, c=${connections}`,
          // The middle third of the tickets, not of a time guessed in advance: on a busy machine a
          // sale's pace varies from run to run, its tickets do not.
          alongside: async ({ ticketTypeId, over }) => {
            const taken = async () => {
              const row = await database.db
                .selectFrom('ticket_types')
                .select(['held', 'sold'])
                .where('id', '=', ticketTypeId)
                .executeTakeFirstOrThrow();
              return row.held + row.sold;
            };
            const until = async (tickets: number) => {
              let now = await taken();
              while (!over() && now < tickets) {
                await sleep(20);
                now = await taken();
              }
              return now;
            };
            window.soldAtStop = await until(gaTickets / 3);
            await redis.stop();
            window.stoppedAt = Date.now() - started;
            window.soldAtReturn = await until((2 * gaTickets) / 3);
            await redis.restart();
            window.backAt = Date.now() - started;
          },
        });
        down.note =
          `Redis killed ${(window.stoppedAt / 1000).toFixed(1)} s into the sale (${window.soldAtStop} tickets taken) and ` +
          `back, empty, at ${(window.backAt / 1000).toFixed(1)} s (${window.soldAtReturn} taken); ` +
          `answers ${JSON.stringify(down.statuses)}; ${down.note ?? ''}`;
        return [up, down];
      } finally {
        await database.close();
        await Promise.all(servers.map((s) => s.stop()));
      }
    });
  } finally {
    await redis.stop();
  }
}
