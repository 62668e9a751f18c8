/**
 * An event's waiting-room settings (issue 20) as columns, and the rules they must meet. The room
 * itself lives in queue/; the catalog only keeps and answers the settings.
 */
import type { EventQueueSettings } from '@iatichet/contracts';
import type { Selectable } from 'kysely';
import type { EventsTable } from '../db/schema.js';
import { invalid } from './ticket-type-writes.js';

export const QUEUE_OFF: EventQueueSettings = { enabled: false, opensAt: null, admitPerMinute: null, passMinutes: 15 };

export function queueColumns(settings: EventQueueSettings) {
  return {
    queue_enabled: settings.enabled ? 1 : 0,
    queue_opens_at: settings.opensAt === null ? null : new Date(settings.opensAt).toISOString(),
    queue_admit_per_minute: settings.admitPerMinute,
    queue_pass_minutes: settings.passMinutes,
  };
}

type QueueColumns = Pick<
  Selectable<EventsTable>,
  'queue_enabled' | 'queue_opens_at' | 'queue_admit_per_minute' | 'queue_pass_minutes'
>;

export function toQueueSettings(row: QueueColumns): EventQueueSettings {
  return {
    enabled: row.queue_enabled === 1,
    opensAt: row.queue_opens_at === null ? null : new Date(row.queue_opens_at).toISOString(),
    admitPerMinute: row.queue_admit_per_minute,
    passMinutes: row.queue_pass_minutes,
  };
}

/**
 * A room draws its order at salesStartAt, so an enabled room needs one, and it must open before
 * it (a room that opens at the sale would draw an empty line). opensAt null: open at once.
 */
export function checkQueueSettings(settings: QueueColumns, salesStartAt: string | null): void {
  if (settings.queue_enabled !== 1) return;
  if (salesStartAt === null) invalid('A waiting room needs the sales start time: its order is drawn then.', '/salesStartAt');
  if (settings.queue_opens_at !== null && Date.parse(settings.queue_opens_at) >= Date.parse(salesStartAt))
    invalid('The waiting room must open before sales start.', '/queue/opensAt');
}
