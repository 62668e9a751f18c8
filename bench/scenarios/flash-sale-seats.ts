/**
 * Scenario 4: a reserved-seating flash sale. Each buyer loads the seat map, picks a random seat
 * that looked free a moment ago (the map may be up to a second old), and tries to hold it, so
 * conflicts are expected; a seat held twice is not.
 */
import { gunzipSync } from 'node:zlib';
import { readInventory, saleChecks } from '../checks/inventory.js';
import { CpuMeter, describeCpu } from '../load/cpu.js';
import type { Check, Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import { openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { createSeatedEvent, signInAdmin } from '../setup/api-session.js';
import { prepareBuyers } from './flash-sale-ga.js';
import { describeByOutcome, runSale, serverErrors, unexpectedOutcomes } from './sale-driver.js';

/**
 * Parsing a 2,000-seat map costs the client about a millisecond, and the server sends the same
 * cached bytes for a second: parse each distinct map once so that the client does not become the
 * bottleneck being measured. The map is asked for gzipped, as every browser asks for it.
 */
class SeatMapReader {
  private last: { body: Buffer; free: string[] } | undefined;

  freeSeats(body: Buffer, gzipped: boolean): string[] {
    if (this.last?.body.equals(body)) return this.last.free;
    const text = (gzipped ? gunzipSync(body) : body).toString('utf8');
    const seats = (JSON.parse(text) as { seats: { id: string; status: string }[] }).seats;
    const free = seats.filter((s) => s.status === 'free').map((s) => s.id);
    this.last = { body, free };
    return free;
  }
}

export async function flashSaleSeatsScenario(ctx: RunContext, kind: DatabaseKind): Promise<Row[]> {
  const scenario = 'flash-sale-seats';
  if (kind === 'postgres' && !ctx.postgres.ok)
    return [notRun(scenario, 'reserved seating', 'skipped', ctx.postgres.reason, kind)];
  const { seatRows, seatsPerRow, seatUsers, connections } = ctx.sizes;
  const seatCount = seatRows * seatsPerRow;
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url);
    const database = openBenchDatabase(url);
    try {
      const admin = await signInAdmin(server.port);
      const { eventId } = await createSeatedEvent(admin, seatRows, seatsPerRow).finally(() => admin.close());
      const buyers = await prepareBuyers(database, [server], seatUsers);
      server.resetPeak();
      const cpu = await CpuMeter.start([server.pid], kind === 'postgres' ? database.db : undefined);
      const reader = new SeatMapReader();
      const result = await runSale([server.port], connections, buyers, async (buyer, { timed }) => {
        const map = await timed('seats', {
          method: 'GET',
          path: `/api/events/${eventId}/seats`,
          headers: { ...buyer.headers, 'accept-encoding': 'gzip' },
        });
        if (map?.status !== 200) return map;
        const free = reader.freeSeats(map.body, map.headers.get('content-encoding')?.[0] === 'gzip');
        const seat = free[Math.floor(Math.random() * free.length)];
        if (seat === undefined) return { skipped: 'no free seat seen' };
        return timed('reserve', {
          method: 'POST',
          path: '/api/reservations',
          headers: buyer.headers,
          json: { eventId, seats: [seat] },
        });
      });
      const reserve = result.drive.recorder.stats('reserve');
      const seats = result.drive.recorder.stats('seats');
      const cpuUse = await cpu.stop(buyers.length);
      const inventory = await readInventory(database.db, eventId);
      const unexpected = unexpectedOutcomes(result.outcomes, ['201', '409 seats_taken', 'no free seat seen']);
      const perSecond = result.confirmed / (result.sellingMs / 1000);
      const checks: Check[] = [
        ...saleChecks(inventory, result.confirmed, false),
        {
          name: '0 server errors',
          ok: serverErrors(result.outcomes) === 0,
          detail: `${serverErrors(result.outcomes)} 5xx or no answer`,
        },
        { name: 'only 201 or 409 seats_taken', ok: Object.keys(unexpected).length === 0, detail: JSON.stringify(unexpected) },
        { name: 'every buyer tried', ok: !result.drive.timedOut, detail: `${result.drive.completedJobs} of ${buyers.length}` },
      ];
      return [
        {
          scenario,
          variant: `${seatCount} seats, c=${connections}`,
          backend: kind,
          state: 'ran',
          connections,
          requests: reserve.count + seats.count,
          seconds: result.drive.elapsedMs / 1000,
          throughput: { value: perSecond, unit: 'reservations/s' },
          latency: reserve,
          statuses: result.outcomes,
          checks,
          targets: [],
          peakRssMb: server.peakRssMb(),
          ...(kind === 'postgres' && ctx.ceiling.pgbenchTps !== undefined
            ? {
                ceilingRatio: {
                  value: perSecond / ctx.ceiling.pgbenchTps,
                  of: `pgbench -c ${ctx.ceiling.pgbenchClients ?? '?'}`,
                },
              }
            : {}),
          note:
            `${buyers.length} buyers; ${inventory.liveTickets} of ${seatCount} seats held; ` +
            `seat map p50 ${seats.p50.toFixed(1)} ms, p99 ${seats.p99.toFixed(1)} ms; latency columns are the hold; ` +
            `whole try by outcome: ${describeByOutcome(result.latencyByOutcome)}; ` +
            describeCpu(cpuUse, 'buyer (map + hold)'),
        },
      ];
    } finally {
      await database.close();
      await server.stop();
    }
  });
}
