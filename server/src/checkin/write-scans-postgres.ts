/** Writing a batch of scans on PostgreSQL: one statement, one round trip and one commit. */
import { randomUUID } from 'node:crypto';
import type { CheckinResult } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import { nowIso } from '../db/dialect.js';
import type { Database } from '../db/schema.js';
import { refusal, selectDetails, toTicket, type Details, type ScanOutcome, type VerifiedScan } from './scan-answers.js';

interface BatchRow extends Details {
  ord: number;
  event_known: boolean;
  result: CheckinResult;
}

/**
 * PostgreSQL: a whole batch in one statement, so one round trip and one commit. The UPDATE admits
 * the tickets it can; the rest of the statement reads its snapshot from before that UPDATE, so the
 * answer says `ok` by whether the UPDATE returned the ticket, and otherwise names the refusal from
 * the row as it was. The scan records are written from those same answers. The SQL's CASE is the
 * same order as refusal().
 *
 * The scanned events are locked FOR SHARE before any ticket is admitted, and only a published one
 * is kept: a cancellation's UPDATE of the event waits for this statement to commit, and a
 * cancellation committed while this statement waited for the lock is seen (READ COMMITTED re-reads
 * a locked row that changed), so no ticket is admitted after a cancellation commits.
 */
export async function writeBatchPostgres(db: Kysely<Database>, scans: VerifiedScan[]): Promise<ScanOutcome[]> {
  const now = nowIso();
  const scanIds = scans.map(() => randomUUID());
  const { rows } = await sql<BatchRow>`
    with input as (
      select * from unnest(
        ${scans.map((_, i) => i)}::int[], ${scans.map((s) => s.ticketId)}::text[], ${scans.map((s) => s.eventId)}::text[],
        ${scanIds}::text[], ${scans.map((s) => s.staffId)}::text[], ${scans.map((s) => s.device)}::text[],
        ${scans.map((s) => s.generation)}::int[], ${scans.map((s) => s.syncScanId ?? null)}::text[]
      ) as i(ord, ticket_id, event_id, scan_id, staff_id, device, generation, sync_scan_id)
    ),
    published as (
      select e.id from events e
      where e.id in (select distinct event_id from input) and e.status = 'published'
      order by e.id
      for share
    ),
    admitted as (
      update tickets t set checked_in_at = ${now}
      from input i
      where t.id = i.ticket_id and t.event_id = i.event_id and t.checked_in_at is null
        -- Only the ticket's current code: a transfer's UPDATE of qr_generation and this one take the
        -- same row lock, so a code retired by a transfer that committed first is not admitted.
        and t.qr_generation = i.generation
        and t.event_id in (select id from published)
        -- Share-locked: a cancel that is refunding this reservation holds its row, so the scan
        -- waits for it and then sees it no longer paid, rather than admitting from a stale snapshot.
        and exists (select 1 from reservations r where r.id = t.reservation_id and r.status = 'paid' for share)
      returning t.id, t.reservation_id, t.event_id, t.ticket_type_id, t.attendee_name, i.device
    ),
    -- The webhook outbox (webhooks/outbox.ts), in this same statement so it commits with the
    -- check-in: one delivery per admitted ticket and enabled hook of its organizer listening for
    -- ticket.checked_in. Hooks are read FOR KEY SHARE so a concurrent delete waits for us.
    hooks as (
      select w.id, w.organizer_id, w.events_json from webhooks w
      where w.enabled = 1 and w.organizer_id in (select organizer_id from events where id in (select distinct event_id from input))
      for key share
    ),
    deliveries as (
      select gen_random_uuid()::text as id, h.id as webhook_id, a.id as ticket_id, a.reservation_id, a.event_id,
        a.ticket_type_id, a.attendee_name, a.device
      from admitted a
      join events e on e.id = a.event_id
      join hooks h on h.organizer_id = e.organizer_id and h.events_json::jsonb ? 'ticket.checked_in'
    ),
    queued as (
      insert into webhook_deliveries (id, webhook_id, type, payload_json, status, attempts, next_attempt_at, created_at)
      select d.id, d.webhook_id, 'ticket.checked_in',
        json_build_object('id', d.id, 'type', 'ticket.checked_in', 'createdAt', ${now}::text, 'data', json_build_object(
          'ticket', json_build_object('id', d.ticket_id, 'reservationId', d.reservation_id, 'eventId', d.event_id,
            'ticketTypeId', d.ticket_type_id, 'attendeeName', d.attendee_name, 'checkedInAt', ${now}::text),
          'device', d.device))::text,
        'pending', 0, ${now}::timestamptz, ${now}::timestamptz
      from deliveries d
    ),
    answers as (
      select i.ord, i.scan_id, i.staff_id, i.device, i.event_id as scan_event_id, i.sync_scan_id,
        exists (select 1 from events e where e.id = i.event_id) as event_known,
        t.id, t.event_id, t.attendee_name, coalesce(hu.name, u.name) as buyer_name, t.short_code, t.qr_generation, t.checked_in_at, r.code, r.status, ev.status as event_status, ev.title,
        tt.name as type_name,
        s.section, s.row_label, s.number,
        case
          when t.id is null then 'invalid'
          when a.id is not null then 'ok'
          when t.event_id <> i.event_id then 'wrong_event'
          when t.qr_generation <> i.generation then 'not_valid'
          when r.status <> 'paid' or t.event_id not in (select id from published) then 'not_valid'
          else 'already_checked_in'
        end as result
      from input i
      left join tickets t on t.id = i.ticket_id
      left join reservations r on r.id = t.reservation_id
      left join users u on u.id = r.user_id
      left join users hu on hu.id = t.holder_id
      left join events ev on ev.id = t.event_id
      left join ticket_types tt on tt.id = t.ticket_type_id
      left join event_seats s on s.id = t.seat_id
      left join admitted a on a.id = t.id
    ),
    recorded as (
      insert into checkin_scans (id, event_id, ticket_id, scanned_by, device, result, created_at, sync_scan_id)
      select scan_id, scan_event_id, id, staff_id, device, result, ${now}::timestamptz, sync_scan_id from answers where event_known
    )
    select ord, event_known, result, id, event_id, attendee_name, buyer_name, short_code, qr_generation, checked_in_at, code, status, event_status, title, type_name,
      section, row_label, number
    from answers order by ord`.execute(db);

  // A change that committed after this statement began: the UPDATE saw it (and refused), the
  // snapshot did not. Another scanner's check-in, or a transfer that retired this code, or a
  // refund: read the ticket as it is now and name the refusal from that, as a separate statement
  // would (the scan's record is corrected to the same answer).
  const missed = rows.filter((r) => r.result === 'already_checked_in' && r.checked_in_at === null);
  const latest =
    missed.length === 0
      ? new Map<string, Details>()
      : new Map(
          (
            await selectDetails(db)
              .where(
                't.id',
                'in',
                missed.map((r) => r.id),
              )
              .execute()
          ).map((d) => [d.id, d]),
        );
  const outcomes = rows.map((r): ScanOutcome => {
    if (!r.event_known) return 'no_event';
    if (r.result === 'invalid') return { result: 'invalid', ticket: null, checkedInAt: null };
    const current = r.result === 'already_checked_in' && r.checked_in_at === null ? latest.get(r.id) : undefined;
    if (current !== undefined && current.checked_in_at === null) {
      const scan = scans[r.ord];
      const result = scan === undefined ? r.result : refusal(current, scan);
      return { result, ticket: toTicket(current), checkedInAt: null };
    }
    const checkedInAt = r.result === 'ok' ? now : (r.checked_in_at ?? current?.checked_in_at ?? null);
    return { result: r.result, ticket: toTicket(r), checkedInAt };
  });
  const corrected = rows.flatMap((r) => {
    const outcome = outcomes[r.ord];
    return outcome !== undefined && outcome !== 'no_event' && outcome.result !== r.result
      ? [{ id: scanIds[r.ord] ?? '', result: outcome.result }]
      : [];
  });
  for (const c of corrected) await db.updateTable('checkin_scans').set({ result: c.result }).where('id', '=', c.id).execute();
  return outcomes;
}
