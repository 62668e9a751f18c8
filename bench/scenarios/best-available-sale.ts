/**
 * A reserved-seating sale by best available (issue 22): the same hall and crowd as the seated
 * flash sale (2,000 seats, 200 connections), but each buyer asks the server for the 2 best seats
 * together instead of picking one from the map, so every buyer wants the same front-row seats at
 * once. After the sale: nothing double-sold, the hall sold out exactly, and every granted pair side
 * by side in one row (rows of an even number of seats always keep a pair free until the end).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';
import { readInventory, saleChecks } from '../checks/inventory.js';
import { CpuMeter, describeCpu } from '../load/cpu.js';
import type { Check, Row } from '../report/result.js';
import { notRun } from '../report/result.js';
import { openBenchDatabase, type DatabaseKind, type RunContext } from '../run-context.js';
import { createSeatedEvent, signInAdmin } from '../setup/api-session.js';
import { prepareBuyers } from './flash-sale-ga.js';
import { describeByOutcome, runSale, serverErrors, unexpectedOutcomes } from './sale-driver.js';

const QUANTITY = 2;

/** Live reservations whose seats are not side by side in one row. */
async function splitBlocks(db: Kysely<Database>, eventId: string): Promise<number> {
  const seats = await db
    .selectFrom('event_seats')
    .innerJoin('reservations', 'reservations.id', 'event_seats.reservation_id')
    .select(['event_seats.reservation_id', 'event_seats.section', 'event_seats.row_label', 'event_seats.position'])
    .where('event_seats.event_id', '=', eventId)
    .where('reservations.status', 'in', ['pending_payment', 'paid'])
    .orderBy('event_seats.position')
    .execute();
  const blocks = new Map<string, typeof seats>();
  for (const s of seats) blocks.set(s.reservation_id ?? '', [...(blocks.get(s.reservation_id ?? '') ?? []), s]);
  let split = 0;
  for (const block of blocks.values()) {
    const first = block[0];
    const together = block.every(
      (s, i) => s.section === first?.section && s.row_label === first.row_label && s.position === first.position + i,
    );
    if (!together || block.length !== QUANTITY) split++;
  }
  return split;
}

export async function bestAvailableSaleScenario(ctx: RunContext, kind: DatabaseKind): Promise<Row[]> {
  const scenario = 'best-available-sale';
  if (kind === 'postgres' && !ctx.postgres.ok)
    return [notRun(scenario, 'best available seats', 'skipped', ctx.postgres.reason, kind)];
  const { seatRows, seatsPerRow, seatUsers, connections } = ctx.sizes;
  const seatCount = seatRows * seatsPerRow;
  return ctx.withDatabase(kind, async (url) => {
    const server = await ctx.startApp(url);
    const database = openBenchDatabase(url);
    try {
      const admin = await signInAdmin(server.port);
      const { eventId, ticketTypeId } = await createSeatedEvent(admin, seatRows, seatsPerRow).finally(() => admin.close());
      const buyers = await prepareBuyers(database, [server], seatUsers);
      server.resetPeak();
      const cpu = await CpuMeter.start([server.pid], kind === 'postgres' ? database.db : undefined);
      const result = await runSale([server.port], connections, buyers, (buyer, { timed }) =>
        timed('reserve', {
          method: 'POST',
          path: '/api/reservations',
          headers: buyer.headers,
          json: { eventId, bestAvailable: { ticketTypeId, quantity: QUANTITY } },
        }),
      );
      const reserve = result.drive.recorder.stats('reserve');
      const cpuUse = await cpu.stop(buyers.length);
      const inventory = await readInventory(database.db, eventId);
      const split = await splitBlocks(database.db, eventId);
      const unexpected = unexpectedOutcomes(result.outcomes, ['201', '409 sold_out']);
      const perSecond = result.confirmed / (result.sellingMs / 1000);
      const checks: Check[] = [
        ...saleChecks(inventory, result.confirmed * QUANTITY, true),
        { name: 'every pair side by side in one row', ok: split === 0, detail: `${split} split blocks` },
        {
          name: '0 server errors',
          ok: serverErrors(result.outcomes) === 0,
          detail: `${serverErrors(result.outcomes)} 5xx or no answer`,
        },
        { name: 'only 201 or 409 sold_out', ok: Object.keys(unexpected).length === 0, detail: JSON.stringify(unexpected) },
        { name: 'every buyer tried', ok: !result.drive.timedOut, detail: `${result.drive.completedJobs} of ${buyers.length}` },
      ];
      return [
        {
          scenario,
          variant: `${seatCount} seats, ${QUANTITY} per hold, c=${connections}`,
          backend: kind,
          state: 'ran',
          connections,
          requests: reserve.count,
          seconds: result.drive.elapsedMs / 1000,
          throughput: { value: perSecond, unit: 'reservations/s' },
          latency: reserve,
          statuses: result.outcomes,
          checks,
          targets: [],
          peakRssMb: server.peakRssMb(),
          note:
            `${buyers.length} buyers; ${inventory.liveTickets} of ${seatCount} seats held; ` +
            `whole try by outcome: ${describeByOutcome(result.latencyByOutcome)}; ` +
            describeCpu(cpuUse, 'buyer (hold)'),
        },
      ];
    } finally {
      await database.close();
      await server.stop();
    }
  });
}
