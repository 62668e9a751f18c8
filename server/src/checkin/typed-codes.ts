/**
 * Codes typed at the door: a ticket's short code in place of its QR text, and the lookup of a
 * reservation code (or a short code) that lists its tickets for the scanner.
 *
 * A typed code is not signed, so it can be guessed: each staff account may type at most
 * TYPED_MISSES unknown codes per window (counted before the lookup, given back when the answer
 * names the ticket: one of another organizer's events is answered, and so counted, as unknown), on top of the global request budget. With 32^10 ≈ 1.1 × 10^15 short codes and
 * 32^8 ≈ 1.1 × 10^12 reservation codes, 120 guesses per 10 minutes find a million-ticket event's
 * ticket about once in 60,000 years, and a reservation once in 60.
 */
import type { CheckinLookup } from '@iatichet/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import type { Services } from '../platform/services.js';
import {
  FallbackAttemptLimiter,
  MemoryAttemptLimiter,
  RedisAttemptLimiter,
  type AttemptLimiter,
  type LimitRule,
} from '../security/attempt-limiter.js';
import { normalizeShortCode } from '../tickets/short-code.js';
import type { VerifiedCode } from '../tickets/ticket-signer.js';
import { selectDetails, toTicket, type Details } from './scan-answers.js';

const TYPED_MISSES: LimitRule = { name: 'checkin-typed', max: 120, windowMs: 10 * 60 * 1000 };

export function typedCodeLimiter(services: Services): AttemptLimiter {
  const { redis, redisNamespace } = services;
  return redis
    ? new FallbackAttemptLimiter(
        redis,
        new RedisAttemptLimiter(redis, redisNamespace, TYPED_MISSES),
        new MemoryAttemptLimiter(TYPED_MISSES),
      )
    : new MemoryAttemptLimiter(TYPED_MISSES);
}

/**
 * Counts a typed code against the staff member before it is looked up; throws 429 when over.
 * Answers a function to call once the code proved real (it then does not count as a miss).
 */
export async function guardTypedCode(limiter: AttemptLimiter, staffId: string): Promise<() => Promise<void>> {
  const wait = await limiter.consume(staffId);
  if (wait > 0) throw errors.rateLimited(wait);
  return () => limiter.refund(staffId);
}

/**
 * The ticket a short code names, with the generation of code it is, or null (an unknown code is
 * answered as an invalid scan). A short code a transfer retired still names its ticket, with the
 * generation it belonged to, so the scan is refused as `not_valid` like the old QR code.
 */
export async function ticketByShortCode(db: Kysely<Database>, shortCode: string): Promise<VerifiedCode | null> {
  const row = await db
    .selectFrom('tickets')
    .select(['id', 'qr_generation'])
    .where('short_code', '=', shortCode)
    .executeTakeFirst();
  if (row !== undefined) return { ticketId: row.id, generation: row.qr_generation };
  const retired = await db
    .selectFrom('ticket_transfers')
    .select(['ticket_id', 'old_generation'])
    .where('old_short_code', '=', shortCode)
    .executeTakeFirst();
  return retired === undefined ? null : { ticketId: retired.ticket_id, generation: retired.old_generation };
}

const RESERVATION_CODE = /^[A-Z0-9]{8}$/;

/**
 * A reservation (by its code, or by the short code of one of its tickets) and every ticket in it
 * with its state at the door; 404 when nothing matches (or, with `eventId`, when it is another
 * event's).
 */
export async function lookupTypedCode(db: Kysely<Database>, typed: string, eventId?: string): Promise<CheckinLookup> {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  const shortCode = normalizeShortCode(typed);
  let reservationId: string | undefined;
  if (shortCode !== null) {
    const t = await db.selectFrom('tickets').select('reservation_id').where('short_code', '=', shortCode).executeTakeFirst();
    reservationId = t?.reservation_id;
  } else if (RESERVATION_CODE.test(code)) {
    const r = await db.selectFrom('reservations').select('id').where('code', '=', code).executeTakeFirst();
    reservationId = r?.id;
  }
  if (reservationId === undefined) throw errors.notFound('reservation');
  const rows: (Details & { starts_at: string; time_zone: string })[] = await selectDetails(db)
    .select(['e.starts_at', 'e.time_zone'])
    .where('t.reservation_id', '=', reservationId)
    .orderBy('t.position')
    .execute();
  const first = rows[0];
  if (first === undefined || (eventId !== undefined && first.event_id !== eventId)) throw errors.notFound('reservation');
  return {
    reservation: {
      code: first.code,
      status: first.status,
      eventId: first.event_id,
      eventTitle: first.title,
      timeZone: first.time_zone,
      startsAt: first.starts_at,
    },
    tickets: rows.map((d) => ({
      ticket: toTicket(d),
      status:
        d.status !== 'paid' || d.event_status !== 'published' ? 'not_valid' : d.checked_in_at !== null ? 'checked_in' : 'valid',
      checkedInAt: d.checked_in_at,
    })),
  };
}
