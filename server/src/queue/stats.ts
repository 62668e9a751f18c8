/** The waiting room's numbers for the event's staff (GET .../queue/stats and `queue:stats`). */
import type { QueueStats } from '@iatichet/contracts';
import { sql } from 'kysely';
import { errors } from '../platform/errors.js';
import { loadRoomEvent, type QueueRoom } from './room.js';

export async function queueStats(room: QueueRoom, eventId: string): Promise<QueueStats> {
  const event = await loadRoomEvent(room.db, eventId);
  if (event === undefined) throw errors.notFound('event');
  const now = room.now();
  const [state, tickets, lastMinute] = await Promise.all([
    room.store.state(eventId),
    room.db
      .selectFrom('ticket_types')
      .select([sql<string | number>`coalesce(sum(held), 0)`.as('held'), sql<string | number>`coalesce(sum(sold), 0)`.as('sold')])
      .where('event_id', '=', eventId)
      .executeTakeFirstOrThrow(),
    room.store.admittedCountSince(eventId, new Date(now.getTime() - 60_000)),
  ]);
  const open = event.enabled && (event.opensAt === null || event.opensAt <= now);
  return {
    eventId,
    enabled: event.enabled,
    phase: state?.phase ?? (open ? 'gathering' : 'closed'),
    waiting: state?.waiting ?? 0,
    admitted: state?.admitted ?? 0,
    held: Number(tickets.held),
    sold: Number(tickets.sold),
    admittedLastMinute: lastMinute,
    drawnAt: state?.drawnAt?.toISOString() ?? null,
    seed: state?.seed ?? null,
  };
}
