/**
 * The first read of every hold: the event, the asked-for ticket types with what is left of each,
 * whether expired holds wait to be reclaimed, whether the event asks questions, the request's
 * Idempotency-Key if it was used before, and the request's code: one statement.
 */
import type { ReservationRequest } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import { PREPARED } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { CodeRow } from './code-uses.js';
import type { TypeRow } from './hold-lines.js';
import type { HoldKey, StoredHoldKey } from './hold-keys.js';
import type { HoldEvent } from './hold-writes.js';

export interface HoldEventRow extends HoldEvent {
  status: string;
  sales_start_at: string | null;
  sales_end_at: string | null;
  ends_at: string;
  max_tickets_per_order: number;
  /** 1 while the event's waiting room is on: holds need a pass (queue/room.ts). */
  queue_enabled: number;
}

/** One row of readEvent: the event, one asked-for ticket type (or none), and the key's record (or none). */
interface ReadEventRow extends HoldEventRow {
  key_request_hash: string | null;
  key_reservation_id: string | null;
  key_status_code: number | null;
  key_response_json: string | null;
  type_id: string | null;
  type_name: string | null;
  type_price_cents: number | null;
  type_tax_rate: number | null;
  type_remaining: number | null;
  type_hidden: number | null;
  type_min_price_cents: number | null;
  /** Reserved seating: whether the type has seats (else it sells a standing area by quantity); a boolean or 0/1. */
  type_has_seats: boolean | number | null;
  /**
   * When the event's first pending hold runs out (an ISO time), null without any: the read has
   * no parameter in a range, so its prepared plan stays an index lookup however the table grows
   * (an `expires_at <= $1` in an exists was planned, once generic, as a scan of every hold).
   */
  next_expiry: string | null;
  /** Whether the event asks questions (questions/hold-answers.ts); a boolean or 0/1 as above. */
  has_questions: boolean | number;
  /** The request's code (code-uses.ts), its columns prefixed `code_`; all null without one. */
  code_id: string | null;
  code_event_id: string | null;
  code_code: string | null;
  code_kind: CodeRow['kind'] | null;
  code_percent_off: number | null;
  code_amount_off_cents: number | null;
  code_ticket_type_ids_json: string | null;
  code_max_uses: number | null;
  code_uses: number | null;
  code_valid_from: string | null;
  code_valid_until: string | null;
  code_active: number | null;
  code_created_at: string | null;
  code_updated_at: string | null;
}

type CodeColumns = { [K in keyof ReadEventRow as K extends `code_${string}` ? K : never]: ReadEventRow[K] };

/** The code's row out of readEvent's prefixed columns, or undefined when the request named none or no such code exists. */
function codeOf(row: CodeColumns): CodeRow | undefined {
  if (row.code_id === null || row.code_kind === null) return undefined;
  return {
    id: row.code_id,
    event_id: row.code_event_id ?? '',
    code: row.code_code ?? '',
    kind: row.code_kind,
    percent_off: row.code_percent_off,
    amount_off_cents: row.code_amount_off_cents,
    ticket_type_ids_json: row.code_ticket_type_ids_json ?? '[]',
    max_uses: row.code_max_uses,
    uses: row.code_uses ?? 0,
    valid_from: row.code_valid_from,
    valid_until: row.code_valid_until,
    active: row.code_active ?? 0,
    created_at: row.code_created_at ?? '',
    updated_at: row.code_updated_at ?? '',
  };
}

/**
 * The event, whether it has expired holds not yet reclaimed, and for general admission the ticket
 * types asked for with what is left of each: one query, since every hold and every sold-out answer
 * starts here.
 */
export async function readEvent(
  db: Kysely<Database>,
  input: { userId: string; request: ReservationRequest; key?: HoldKey },
): Promise<
  | {
      event: HoldEventRow;
      types: TypeRow[];
      expiredHolds: boolean;
      hasQuestions: boolean;
      usedKey: StoredHoldKey | undefined;
      code: CodeRow | undefined;
    }
  | undefined
> {
  const { request } = input;
  const typeIds = [
    ...new Set([
      ...(request.items ?? []).map((i) => i.ticketTypeId),
      ...(request.bestAvailable === undefined ? [] : [request.bestAvailable.ticketTypeId]),
    ]),
  ];
  // Written as SQL text: built with the query builder, this query cost 60-100 µs of CPU per hold
  // (most of a sold-out answer's own work) before it was sent; the text costs a few. The join on
  // hold_keys finds the request's Idempotency-Key if a hold or a refusal already used it
  // (hold-keys.ts) with no extra round trip; a key never matches '' (keys are 1-200 characters).
  // The join on discount_codes finds the request's code the same way (by the unique index on
  // event and lower(code)): a statement of its own per hold cost a flash sale with a code about a
  // sixth of its rate on this machine. No code is '' (codes have at least one character).
  // Prepared once per connection (db/database.ts): planning it cost PostgreSQL more than running it.
  const { rows } = await sql<ReadEventRow>`${sql.raw(PREPARED)}
    select k.request_hash as key_request_hash, k.reservation_id as key_reservation_id,
      k.status_code as key_status_code, k.response_json as key_response_json,
      e.id, e.status, e.seating, e.sales_start_at, e.sales_end_at, e.ends_at, e.max_tickets_per_order,
      e.queue_enabled, e.currency, e.title, e.starts_at, e.venue_id, e.venue_name, e.venue_city, e.time_zone,
      tt.id as type_id, tt.name as type_name, tt.price_cents as type_price_cents, tt.tax_rate as type_tax_rate,
      case when tt.waitlist_waiting > 0 then 0 else tt.capacity - tt.sold - tt.held end as type_remaining,
      tt.hidden as type_hidden, tt.min_price_cents as type_min_price_cents,
      case when tt.id is not null and e.seating = 'reserved' then exists (
        select s.id from event_seats s where s.event_id = e.id and s.ticket_type_id = tt.id
      ) end as type_has_seats,
      (
        select min(r.expires_at) from reservations r where r.event_id = e.id and r.status = 'pending_payment'
      ) as next_expiry,
      exists (select q.id from event_questions q where q.event_id = e.id and q.deleted_at is null) as has_questions,
      dc.id as code_id, dc.event_id as code_event_id, dc.code as code_code, dc.kind as code_kind,
      dc.percent_off as code_percent_off, dc.amount_off_cents as code_amount_off_cents,
      dc.ticket_type_ids_json as code_ticket_type_ids_json, dc.max_uses as code_max_uses, dc.uses as code_uses,
      dc.valid_from as code_valid_from, dc.valid_until as code_valid_until, dc.active as code_active,
      dc.created_at as code_created_at, dc.updated_at as code_updated_at
    from events e
    left join ticket_types tt on tt.event_id = e.id and tt.id in (${sql.join(typeIds.length > 0 ? typeIds : [''])})
    left join hold_keys k on k.user_id = ${input.userId} and k.key = ${input.key?.key ?? ''}
    left join discount_codes dc on dc.event_id = e.id and lower(dc.code) = ${request.code?.trim().toLowerCase() ?? ''}
    where e.id = ${request.eventId}`.execute(db);
  const first = rows[0];
  if (first === undefined) return undefined;
  const event: HoldEventRow = {
    id: first.id,
    status: first.status,
    seating: first.seating,
    sales_start_at: first.sales_start_at,
    sales_end_at: first.sales_end_at,
    ends_at: first.ends_at,
    max_tickets_per_order: first.max_tickets_per_order,
    queue_enabled: first.queue_enabled,
    currency: first.currency,
    title: first.title,
    starts_at: first.starts_at,
    venue_id: first.venue_id,
    venue_name: first.venue_name,
    venue_city: first.venue_city,
    time_zone: first.time_zone,
  };
  const code = codeOf(first);
  const {
    next_expiry: nextExpiry,
    has_questions: hasQuestions,
    key_request_hash: keyRequestHash,
    key_reservation_id: keyReservationId,
    key_status_code: keyStatusCode,
    key_response_json: keyResponseJson,
  } = first;
  const usedKey =
    keyRequestHash === null
      ? undefined
      : {
          request_hash: keyRequestHash,
          reservation_id: keyReservationId,
          status_code: keyStatusCode,
          response_json: keyResponseJson,
        };
  const types = rows.flatMap((r) =>
    r.type_id === null || r.type_name === null || r.type_price_cents === null
      ? []
      : [
          {
            id: r.type_id,
            name: r.type_name,
            price_cents: r.type_price_cents,
            tax_rate: r.type_tax_rate ?? 0,
            remaining: r.type_remaining ?? 0,
            hidden: r.type_hidden ?? 0,
            min_price_cents: r.type_min_price_cents,
            has_seats: Boolean(r.type_has_seats),
          },
        ],
  );
  // PostgreSQL answers a boolean, SQLite 0 or 1.
  const expiredHolds = nextExpiry !== null && Date.parse(nextExpiry) <= Date.now();
  return { event, types, expiredHolds, hasQuestions: Boolean(hasQuestions), usedKey, code };
}
