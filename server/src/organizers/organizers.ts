/**
 * Organizers: who sells. Reading them (with the caller's role), making one (site admin), and
 * changing their details (owner or site admin). Slugs are unique in the database; a taken one is a
 * 409, a derived one gets a number until it is free.
 */
import { randomUUID } from 'node:crypto';
import type { Organizer, OrganizerInput, OrganizerListQuery, OrganizerPatch, OrganizerRef, Page } from '@iatichet/contracts';
import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../audit/audit-log.js';
import { nowIso } from '../db/dialect.js';
import { inTransaction } from '../db/in-transaction.js';
import type { Database, OrganizerRole, OrganizersTable } from '../db/schema.js';
import { decodeAscending, laterThan, pageOf, type AscendingPosition, type CursorCodec } from '../platform/cursor.js';
import { errors } from '../platform/errors.js';
import { isUniqueViolation } from '../accounts/users.js';
import type { Caller } from './access.js';

type OrganizerRow = Selectable<OrganizersTable>;

export function toOrganizer(row: OrganizerRow, myRole?: OrganizerRole | null): Organizer {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    legalName: row.legal_name,
    address: row.address,
    vatId: row.vat_id,
    invoicePrefix: row.invoice_prefix,
    embedOrigins: JSON.parse(row.embed_origins_json) as string[],
    ...(myRole === undefined ? {} : { myRole }),
  };
}

/** { id, name, slug } of one organizer, as venues and events carry it. */
export async function organizerRef(db: Kysely<Database>, id: string): Promise<OrganizerRef> {
  return (await organizerRefs(db, [id])).get(id) ?? { id, name: '', slug: '' };
}

/** { id, name, slug } of several organizers, in one query. */
export async function organizerRefs(db: Kysely<Database>, ids: string[]): Promise<Map<string, OrganizerRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('organizers').select(['id', 'name', 'slug']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findOrganizer(db: Kysely<Database>, id: string): Promise<OrganizerRow | undefined> {
  return db.selectFrom('organizers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The caller's organizers with their role in each; every organizer for a site admin. */
export async function listOrganizers(
  db: Kysely<Database>,
  cursors: CursorCodec,
  query: OrganizerListQuery,
  caller: Caller,
): Promise<Page<Organizer>> {
  if (caller.token !== undefined) {
    const row = await findOrganizer(db, caller.token.organizerId);
    return { items: row === undefined ? [] : [toOrganizer(row, null)], nextCursor: null };
  }
  const limit = query.limit ?? 20;
  // The keyset: the last organizer's (name, id).
  const after = decodeAscending(cursors, query.cursor);
  const rows = await db
    .selectFrom('organizers as o')
    .leftJoin('organizer_members as m', (join) => join.onRef('m.organizer_id', '=', 'o.id').on('m.user_id', '=', caller.id))
    .selectAll('o')
    .select('m.role as my_role')
    .$if(caller.role !== 'admin', (q) => q.where('m.user_id', '=', caller.id))
    .$if(after !== undefined, (q) => q.where(laterThan(after as AscendingPosition, 'o.name', 'o.id')))
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(limit + 1)
    .execute();
  return pageOf(
    cursors,
    rows,
    limit,
    ({ my_role, ...row }) => toOrganizer(row, my_role),
    (row) => [row.name, row.id],
  );
}

/** "https://host[:port]" exactly as a browser's Origin header: no path, query, user or trailing slash. */
export function checkedOrigins(origins: string[]): string[] {
  const seen = new Set<string>();
  origins.forEach((origin, i) => {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (url?.protocol !== 'https:' || url.origin !== origin) {
      throw errors.validation('Each embed origin must be "https://host" or "https://host:port", with nothing after it.', [
        { path: `/embedOrigins/${i}`, message: 'must be an origin such as https://shop.example' },
      ]);
    }
    seen.add(url.origin);
  });
  return [...seen];
}

/** A URL word from a name: "Teatrul Național" → "teatrul-national". */
export function slugFrom(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
  return slug === '' ? 'organizer' : slug;
}

async function freeSlug(db: Kysely<Database>, base: string): Promise<string> {
  const taken = new Set(
    (await db.selectFrom('organizers').select('slug').where('slug', 'like', `${base}%`).execute()).map((r) => r.slug),
  );
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(slug)) return slug;
  }
}

const slugTaken = () => errors.conflict('That slug is taken by another organizer.');

export async function createOrganizer(db: Kysely<Database>, actorId: string, input: OrganizerInput): Promise<Organizer> {
  const embedOrigins = checkedOrigins(input.embedOrigins ?? []);
  const now = nowIso();
  try {
    return await inTransaction(db, async (trx) => {
      const row: OrganizerRow = {
        id: randomUUID(),
        name: input.name.trim(),
        slug: input.slug ?? (await freeSlug(trx, slugFrom(input.name))),
        legal_name: input.legalName?.trim() ?? '',
        address: input.address?.trim() ?? '',
        vat_id: input.vatId?.trim() ?? '',
        invoice_prefix: input.invoicePrefix ?? '',
        embed_origins_json: JSON.stringify(embedOrigins),
        is_default: 0,
        created_at: now,
        updated_at: now,
      };
      if (row.name === '') throw errors.validation('The name is empty.', [{ path: '/name', message: 'must not be blank' }]);
      await trx.insertInto('organizers').values(row).execute();
      const organizer = toOrganizer(row);
      await recordAudit(trx, {
        actorId,
        action: 'organizer.create',
        entityType: 'organizer',
        entityId: row.id,
        organizerId: row.id,
        after: organizer,
      });
      return organizer;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}

export async function updateOrganizer(
  db: Kysely<Database>,
  actorId: string,
  id: string,
  patch: OrganizerPatch,
): Promise<Organizer> {
  const embedOrigins = patch.embedOrigins === undefined ? undefined : checkedOrigins(patch.embedOrigins);
  if (patch.name?.trim() === '') throw errors.validation('The name is empty.', [{ path: '/name', message: 'must not be blank' }]);
  try {
    return await inTransaction(db, async (trx) => {
      const before = await findOrganizer(trx, id);
      if (before === undefined) throw errors.notFound('organizer');
      const after: OrganizerRow = {
        ...before,
        name: patch.name?.trim() ?? before.name,
        slug: patch.slug ?? before.slug,
        legal_name: patch.legalName?.trim() ?? before.legal_name,
        address: patch.address?.trim() ?? before.address,
        vat_id: patch.vatId?.trim() ?? before.vat_id,
        invoice_prefix: patch.invoicePrefix ?? before.invoice_prefix,
        embed_origins_json: embedOrigins === undefined ? before.embed_origins_json : JSON.stringify(embedOrigins),
        updated_at: nowIso(),
      };
      await trx.updateTable('organizers').set(after).where('id', '=', id).execute();
      await recordAudit(trx, {
        actorId,
        action: 'organizer.update',
        entityType: 'organizer',
        entityId: id,
        organizerId: id,
        before: toOrganizer(before),
        after: toOrganizer(after),
      });
      return toOrganizer(after);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
}
