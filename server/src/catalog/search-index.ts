/**
 * Keyword search over title, venue, city and description. PostgreSQL keeps a weighted tsvector
 * itself (a generated column); SQLite's FTS5 table is refreshed here whenever an event changes.
 */
import { sql, type AliasedRawBuilder, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import { dialectOf } from '../db/dialect.js';
import type { Database } from '../db/schema.js';

/** Lower case, diacritics folded: "Iași" and "iasi" index and search alike on both engines. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Re-indexes the given events (or every event of a venue): the folded search columns, and SQLite's FTS table. */
export async function refreshSearchIndex(db: Kysely<Database>, target: { eventIds?: string[]; venueId?: string }): Promise<void> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'title', 'venue_name', 'venue_city', 'description'])
    .$if(target.eventIds !== undefined, (q) => q.where('id', 'in', target.eventIds?.length ? target.eventIds : ['']))
    .$if(target.venueId !== undefined, (q) => q.where('venue_id', '=', target.venueId ?? ''))
    .execute();
  const sqlite = dialectOf(db) === 'sqlite';
  for (const r of rows) {
    const folded = {
      search_title: foldText(r.title),
      search_place: foldText(`${r.venue_name} ${r.venue_city}`),
      search_body: foldText(r.description),
    };
    await db.updateTable('events').set(folded).where('id', '=', r.id).execute();
    if (sqlite) {
      await db.deleteFrom('events_fts').where('event_id', '=', r.id).execute();
      await db
        .insertInto('events_fts')
        .values({ event_id: r.id, title: folded.search_title, venue: folded.search_place, description: folded.search_body })
        .execute();
    }
  }
}

export async function removeFromSearchIndex(db: Kysely<Database>, eventId: string): Promise<void> {
  if (dialectOf(db) === 'sqlite') await db.deleteFrom('events_fts').where('event_id', '=', eventId).execute();
}

/** Words of a search, lower-cased, without query syntax: safe to quote into either engine. */
export function searchTerms(q: string): string[] {
  return foldText(q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
}

/**
 * How a list query finds events that contain every term as a word prefix ("jaz clu" finds "Jazz
 * Club"), with a rank expression (larger is better) for `sort=relevance`: a condition on
 * PostgreSQL, where a search using web-search syntax (quotes, -exclusion, or) goes through
 * websearch_to_tsquery instead; on SQLite a join to one FTS `MATCH` that also yields the rank (a
 * rank in a correlated subquery ran the `MATCH` again for every matching row: 0.5 s instead of
 * 5 ms over 10,000 events).
 */
export interface SearchCondition {
  where?: RawBuilder<SqlBool>;
  /** SQLite: join this as `fts` on `fts.event_id = events.id`. */
  join?: AliasedRawBuilder<{ event_id: string; rank: number }, 'fts'>;
  rank: RawBuilder<number>;
}

export function searchCondition(db: Kysely<Database>, q: string): SearchCondition | undefined {
  const terms = searchTerms(q);
  if (terms.length === 0) return undefined;
  if (dialectOf(db) === 'postgres') {
    const advanced = /"|(^|\s)-\S|\sor\s/i.test(q);
    const prefixQuery = terms.map((t) => `'${t}':*`).join(' & ');
    const query = advanced ? sql`websearch_to_tsquery('simple', ${q})` : sql`to_tsquery('simple', ${prefixQuery})`;
    return {
      where: sql<SqlBool>`events.search_vector @@ ${query}`,
      // A real (float4): PostgreSQL prints it in the shortest form that reads back as the same
      // value, and a cursor's value, sent back untyped, is read as a real against it: exact.
      rank: sql<number>`ts_rank(events.search_vector, ${query})`,
    };
  }
  const match = terms.map((t) => `"${t}"*`).join(' ');
  return {
    // bm25 is smaller for better matches; negate it so that larger is better on both engines.
    join: sql<{
      event_id: string;
      rank: number;
    }>`(select event_id, -bm25(events_fts, 0, 10.0, 5.0, 1.0) as rank from events_fts where events_fts match ${match})`.as('fts'),
    rank: sql<number>`fts.rank`,
  };
}
