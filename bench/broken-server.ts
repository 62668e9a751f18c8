/**
 * The deliberately broken double for `npm run bench -- --broken`: the real app with a hold that
 * skips the availability check. It writes the reservation and its tickets but never touches the
 * guarded counter (the schema's CHECK would refuse an oversold counter), exactly the bug a missing
 * guard would be. The flash-sale checks must catch it and fail the run.
 */
import { randomUUID } from 'node:crypto';
import type { Reservation } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import { ensureAdmin } from '../server/src/accounts/bootstrap-admin.js';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config/config.js';
import { migrateToLatest, openDatabase } from '../server/src/db/database.js';
import type { Database } from '../server/src/db/schema.js';
import { reservationCode, type HoldInput } from '../server/src/reservations/hold.js';
import { toReservations } from '../server/src/reservations/queries.js';

async function holdWithoutChecking(db: Kysely<Database>, input: HoldInput): Promise<Reservation> {
  const { eventId, items = [] } = input.request;
  const event = await db.selectFrom('events').select(['id', 'currency']).where('id', '=', eventId).executeTakeFirstOrThrow();
  const types = await db
    .selectFrom('ticket_types')
    .select(['id', 'price_cents'])
    .where(
      'id',
      'in',
      items.map((i) => i.ticketTypeId),
    )
    .execute();
  const price = new Map(types.map((t) => [t.id, t.price_cents]));
  const id = randomUUID();
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('reservations')
      .values({
        id,
        code: reservationCode(),
        user_id: input.userId,
        event_id: event.id,
        status: 'pending_payment',
        total_cents: items.reduce((sum, i) => sum + i.quantity * (price.get(i.ticketTypeId) ?? 0), 0),
        currency: event.currency,
        expires_at: new Date(Date.now() + input.holdMinutes * 60_000).toISOString(),
        paying_until: null,
        expiry_warned: 0,
        payment_method: null,
        note: null,
        created_at: now,
        updated_at: now,
        paid_at: null,
        closed_at: null,
      })
      .execute();
    await trx
      .insertInto('reservation_items')
      .values(
        items.map((i) => ({
          reservation_id: id,
          ticket_type_id: i.ticketTypeId,
          quantity: i.quantity,
          unit_price_cents: price.get(i.ticketTypeId) ?? 0,
        })),
      )
      .execute();
    await trx
      .insertInto('tickets')
      .values(
        items.flatMap((i) =>
          Array.from({ length: i.quantity }, (_, n) => ({
            id: randomUUID(),
            reservation_id: id,
            event_id: event.id,
            ticket_type_id: i.ticketTypeId,
            seat_id: null,
            attendee_name: null,
            position: n,
            checked_in_at: null,
          })),
        ),
      )
      .execute();
  });
  // A hold is never paid yet, so no QR code is signed: a signer that would say so if asked.
  const noSigner = {
    sign: () => {
      throw new Error('a reservation on hold has no QR codes');
    },
  };
  const [reservation] = await toReservations(db, noSigner, [
    await db.selectFrom('reservations').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
  ]);
  if (reservation === undefined) throw new Error('the reservation just written is missing');
  return reservation;
}

const config = loadConfig();
// As `serve` does: migrate first, since building the app already uses the schema (the ticket signer).
const migration = openDatabase(config.database);
await migrateToLatest(migration.db).finally(() => migration.close());
const app = await buildApp({ config, hold: holdWithoutChecking });
if (config.admin) await ensureAdmin(app.services.database.db, config.admin);
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
await app.listen({ port: config.port, host: config.host });
