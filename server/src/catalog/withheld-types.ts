/**
 * The hidden ticket types a caller outside the event's team may not be told of: all of them but
 * those an access code
 * unlocks (`code`, counted as a code try per address, as the event page's `?code=`; a code that
 * does not work is 422 `code_invalid`) and those their own reservation of the event holds
 * (`reservation`, to edit its answers later; anyone else's, or none signed in, is 404). The
 * questions list (questions/routes.ts) is given this by api.ts, as it sits below this layer.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { errors } from '../platform/errors.js';
import { codeInvalid, findCode, isUsable, unlocks } from '../reservations/code-uses.js';
import { guardCodeTry } from '../reservations/code-guesses.js';
import type { AttemptLimiter } from '../security/attempt-limiter.js';

export interface UnlockedBy {
  code?: string;
  reservation?: string;
}

export function withheldTypes(db: Kysely<Database>, codeTries: AttemptLimiter) {
  return async (request: FastifyRequest, eventId: string, by: UnlockedBy): Promise<ReadonlySet<string>> => {
    const hidden = await db
      .selectFrom('ticket_types')
      .select('id')
      .where('event_id', '=', eventId)
      .where('hidden', '=', 1)
      .execute();
    const unlocked = new Set<string>();
    if (by.code !== undefined) {
      const worked = await guardCodeTry(codeTries, { ip: request.ip });
      const code = await findCode(db, eventId, by.code);
      if (code === undefined || !isUsable(code)) throw codeInvalid();
      await worked();
      for (const t of hidden) if (unlocks(code, t.id)) unlocked.add(t.id);
    }
    if (by.reservation !== undefined) {
      const userId = request.auth?.user.id;
      const owned = await db
        .selectFrom('reservations')
        .select('id')
        .where('id', '=', by.reservation)
        .where('event_id', '=', eventId)
        .where('user_id', '=', userId ?? '')
        .executeTakeFirst();
      if (userId === undefined || owned === undefined) throw errors.notFound('reservation');
      const tickets = await db.selectFrom('tickets').select('ticket_type_id').where('reservation_id', '=', owned.id).execute();
      for (const t of tickets) unlocked.add(t.ticket_type_id);
    }
    return new Set(hidden.map((t) => t.id).filter((id) => !unlocked.has(id)));
  };
}
