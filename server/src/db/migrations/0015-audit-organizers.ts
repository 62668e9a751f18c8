/**
 * Files the audit entries written before organizers under the organizer of the record they concern,
 * so that a team's audit view (GET /api/admin/audit) shows its history from the start. 0014 added
 * audit_log.organizer_id but left earlier entries null, which only a site admin would have seen.
 * An entry whose venue or event is gone (deleted) concerned the default organizer: before
 * organizers, it owned everything. Entries about users and site settings stay site-wide (null).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update audit_log set organizer_id = (select v.organizer_id from venues v where v.id = audit_log.entity_id)
            where organizer_id is null and entity_type = 'venue'`.execute(db);
  await sql`update audit_log set organizer_id = (select e.organizer_id from events e where e.id = audit_log.entity_id)
            where organizer_id is null and entity_type = 'event'`.execute(db);
  await sql`update audit_log set organizer_id = (select e.organizer_id from reservations r join events e on e.id = r.event_id
                                                 where r.id = audit_log.entity_id)
            where organizer_id is null and entity_type = 'reservation'`.execute(db);
  await sql`update audit_log set organizer_id = (select e.organizer_id from tickets t join events e on e.id = t.event_id
                                                 where t.id = audit_log.entity_id)
            where organizer_id is null and entity_type = 'ticket'`.execute(db);
  await sql`update audit_log set organizer_id = (select id from organizers where is_default = 1)
            where organizer_id is null and entity_type in ('venue', 'event', 'reservation', 'ticket')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The column stays (0014's); which entries were filed here is not recorded, so nothing is undone.
  await Promise.resolve(db);
}
