/**
 * The push side of the notification outbox. Claiming is a conditional update, so every instance
 * may poll at once and each notification is pushed exactly once by whichever instance claims it.
 */
import type { Kysely, Selectable } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database, NotificationsTable } from '../db/schema.js';

/** Older than this and still unpushed (every instance was down): stored only, not pushed late. */
const STALE_MS = 10 * 60 * 1000;

export async function claimUnpushed(db: Kysely<Database>, limit = 200): Promise<Selectable<NotificationsTable>[]> {
  const now = nowIso();
  const due = await db
    .selectFrom('notifications')
    .select('id')
    .where('pushed_at', 'is', null)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  if (due.length === 0) return [];
  const claimed = await db
    .updateTable('notifications')
    .set({ pushed_at: now })
    .where(
      'id',
      'in',
      due.map((d) => d.id),
    )
    .where('pushed_at', 'is', null)
    .returningAll()
    .execute();
  const freshAfter = Date.now() - STALE_MS;
  return claimed.filter((n) => Date.parse(n.created_at) >= freshAfter);
}
