/**
 * The first read of every hold: the event, the asked-for ticket types with what is left of each,
 * whether expired holds wait to be reclaimed, whether the event asks questions, the request's
 * Idempotency-Key if it was used before, and the request's code. The holds of one event that
 * arrive together are read together (HoldReads).
 */
import type { ReservationRequest } from '@iatichet/contracts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { Batcher } from '../platform/batcher.js';
import type { CodeRow } from './code-uses.js';
import { batchedSeatLines, type SeatLineReader, type TypeRow } from './hold-lines.js';
import type { HoldKey, StoredHoldKey } from './hold-keys.js';
import type { HoldEvent } from './hold-writes.js';

/** Holds read in one batch at most. */
const READS_MAX = 100;

export interface HoldEventRow extends HoldEvent {
  status: string;
  sales_start_at: string | null;
  sales_end_at: string | null;
  ends_at: string;
  max_tickets_per_order: number;
  /** 1 while the event's waiting room is on: holds need a pass (queue/room.ts). */
  queue_enabled: number;
}

/** One row of the shared read: the event and one asked-for ticket type (or none). */
interface ReadEventRow extends HoldEventRow {
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
   * When the event's first pending hold runs out (an ISO time), null without any: compared here,
   * so the query has no parameter in a range (an `expires_at <= $1` in an exists was planned, as
   * a prepared statement's generic plan, as a scan of every hold).
   */
  next_expiry: string | null;
  /** Whether the event asks questions (questions/hold-answers.ts); a boolean or 0/1 as above. */
  has_questions: boolean | number;
}

/** What one hold's first read answers. */
export interface EventRead {
  event: HoldEventRow;
  types: TypeRow[];
  expiredHolds: boolean;
  hasQuestions: boolean;
  usedKey: StoredHoldKey | undefined;
  code: CodeRow | undefined;
}

/** What a hold's first read needs of its request. */
export interface ReadInput {
  userId: string;
  request: ReservationRequest;
  key?: HoldKey;
}

const typeIdsOf = ({ request }: ReadInput): string[] => [
  ...(request.items ?? []).map((i) => i.ticketTypeId),
  ...(request.bestAvailable === undefined ? [] : [request.bestAvailable.ticketTypeId]),
];

/** A request's code as the unique index compares it; undefined without one (no code is ''). */
const codeKeyOf = ({ request }: ReadInput): string | undefined => {
  const code = request.code?.trim().toLowerCase();
  return code === undefined || code === '' ? undefined : code;
};

/** One hold's first read: the batch of one (HoldReads batches the holds that arrive together). */
export async function readEvent(db: Kysely<Database>, input: ReadInput): Promise<EventRead | undefined> {
  return (await readEvents(db, [input]))[0];
}

/**
 * The first read of holds of one event, for each its event, whether the event has expired holds
 * not yet reclaimed, the ticket types it asked for with what is left of each, whether the event
 * asks questions, its Idempotency-Key's record and its code: one query for what they share, and
 * one each for the keys and the codes they name, sent at once. Answers in the order of `inputs`,
 * undefined for each when there is no such event.
 */
export async function readEvents(db: Kysely<Database>, inputs: ReadInput[]): Promise<(EventRead | undefined)[]> {
  const eventId = inputs[0]?.request.eventId ?? '';
  const typeIds = [...new Set(inputs.flatMap(typeIdsOf))];
  const keyed = inputs.flatMap((i) => (i.key === undefined ? [] : [{ userId: i.userId, key: i.key.key }]));
  const codes = [...new Set(inputs.flatMap((i) => codeKeyOf(i) ?? []))];
  // Written as SQL text: built with the query builder, this query cost 60-100 µs of CPU before it
  // was sent. A type id is never '' (ids are UUIDs), so an empty list matches none.
  const [{ rows }, keyRows, codeRows] = await Promise.all([
    sql<ReadEventRow>`
    select e.id, e.status, e.seating, e.sales_start_at, e.sales_end_at, e.ends_at, e.max_tickets_per_order,
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
      exists (select q.id from event_questions q where q.event_id = e.id and q.deleted_at is null) as has_questions
    from events e
    left join ticket_types tt on tt.event_id = e.id and tt.id in (${sql.join(typeIds.length > 0 ? typeIds : [''])})
    where e.id = ${eventId}`.execute(db),
    // The pairs are matched below; the two lists find them through the key's primary key.
    keyed.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('hold_keys')
          .select(['user_id', 'key', 'request_hash', 'reservation_id', 'status_code', 'response_json'])
          .where('user_id', 'in', [...new Set(keyed.map((k) => k.userId))])
          .where('key', 'in', [...new Set(keyed.map((k) => k.key))])
          .execute(),
    // By the unique index on (event_id, lower(code)).
    codes.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('discount_codes')
          .selectAll()
          .select(sql<string>`lower(code)`.as('code_key'))
          .where('event_id', '=', eventId)
          .where(sql`lower(code)`, 'in', codes)
          .execute(),
  ]);
  const first = rows[0];
  if (first === undefined) return inputs.map(() => undefined);
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
  const keys = new Map(keyRows.map((k) => [`${k.user_id} ${k.key}`, k]));
  const codesByKey = new Map<string, CodeRow>(codeRows.map(({ code_key: codeKey, ...code }) => [codeKey, code]));
  // PostgreSQL answers a boolean, SQLite 0 or 1.
  const expiredHolds = first.next_expiry !== null && Date.parse(first.next_expiry) <= Date.now();
  const hasQuestions = Boolean(first.has_questions);
  return inputs.map((input) => {
    const asked = new Set(typeIdsOf(input));
    const stored = input.key === undefined ? undefined : keys.get(`${input.userId} ${input.key.key}`);
    const codeKey = codeKeyOf(input);
    const code = codeKey === undefined ? undefined : codesByKey.get(codeKey);
    return {
      event: { ...event },
      types: types.filter((t) => asked.has(t.id)).map((t) => ({ ...t })),
      expiredHolds,
      hasQuestions,
      usedKey:
        stored === undefined
          ? undefined
          : {
              request_hash: stored.request_hash,
              reservation_id: stored.reservation_id,
              status_code: stored.status_code,
              response_json: stored.response_json,
            },
      code: code === undefined ? undefined : { ...code },
    };
  });
}

/**
 * Batches the first reads of holds by event (platform/batcher.ts): the holds that arrive while
 * an event's reads are in flight go together in its next, three queries for all of them instead
 * of one each. In an on-sale every buyer starts with this read, and one query each kept the
 * connections busy with reads that all answer the same event and types (and let the first
 * seconds of a sale queue on them); a read joins no query already sent, so it sees every hold
 * and key committed before it arrived.
 */
export class HoldReads {
  private readonly batcher: Batcher<ReadInput, EventRead | undefined>;
  /** The chosen seats of holds, read together the same way (hold-lines.ts). */
  readonly seats: SeatLineReader;

  constructor(db: Kysely<Database>) {
    this.seats = batchedSeatLines(db);
    this.batcher = new Batcher({
      groupOf: (input) => input.request.eventId,
      inFlightPerGroup: 2,
      maxWeight: READS_MAX,
      run: (inputs) => readEvents(db, inputs),
    });
  }

  read(input: ReadInput): Promise<EventRead | undefined> {
    return this.batcher.submit(input);
  }
}
