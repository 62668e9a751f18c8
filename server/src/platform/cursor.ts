/**
 * Opaque, tamper-evident list cursors: the position as JSON, base64url, with an HMAC so a client
 * cannot forge or edit one. A bad cursor is a 400, never a 500 or a silently wrong page.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { errors } from './errors.js';

export interface CursorCodec {
  encode(position: unknown[]): string;
  decode(cursor: string, arity: number): unknown[];
}

export function createCursorCodec(secret: string): CursorCodec {
  const sign = (payload: string) => createHmac('sha256', `cursor:${secret}`).update(payload).digest().subarray(0, 12);
  return {
    encode(position) {
      const payload = Buffer.from(JSON.stringify(position)).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    decode(cursor, arity) {
      const [payload, mac, extra] = cursor.split('.');
      const invalid = () =>
        errors.validation('The cursor is not valid; start again from the first page.', [
          { path: '/cursor', message: 'invalid cursor' },
        ]);
      if (payload === undefined || mac === undefined || extra !== undefined) throw invalid();
      const expected = sign(payload);
      const given = Buffer.from(mac, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      let position: unknown;
      try {
        position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        throw invalid();
      }
      if (!Array.isArray(position) || position.length !== arity) throw invalid();
      return position as unknown[];
    },
  };
}

/** Escapes LIKE wildcards in user input; pair with `escape '\'`. */
export function likePattern(input: string): string {
  return `%${input.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Where a newest-first page (ordered by created_at desc, id desc) ended. */
export interface NewestFirstPosition {
  createdAt: string;
  id: string;
}

/** The position a newest-first list's cursor names, or undefined without one; a bad cursor is a 400. */
export function decodeNewestFirst(cursors: CursorCodec, cursor: string | undefined): NewestFirstPosition | undefined {
  if (cursor === undefined) return undefined;
  const [createdAt, id] = cursors.decode(cursor, 2);
  if (typeof createdAt !== 'string' || typeof id !== 'string')
    throw errors.validation('The cursor is not valid.', [{ path: '/cursor', message: 'invalid cursor' }]);
  return { createdAt, id };
}

/** The rows after `position` in newest-first order; `table` qualifies the columns in a join. */
export function olderThan(position: NewestFirstPosition, table?: string): RawBuilder<SqlBool> {
  const createdAt = sql.ref(table === undefined ? 'created_at' : `${table}.created_at`);
  const id = sql.ref(table === undefined ? 'id' : `${table}.id`);
  return sql<SqlBool>`(${createdAt} < ${position.createdAt} or (${createdAt} = ${position.createdAt} and ${id} < ${position.id}))`;
}

/** Where an ascending page (ordered by one text column, then id) ended. */
export interface AscendingPosition {
  key: string;
  id: string;
}

/** The position an ascending list's cursor names, or undefined without one; a bad cursor is a 400. */
export function decodeAscending(cursors: CursorCodec, cursor: string | undefined): AscendingPosition | undefined {
  if (cursor === undefined) return undefined;
  const [key, id] = cursors.decode(cursor, 2);
  if (typeof key !== 'string' || typeof id !== 'string')
    throw errors.validation('The cursor is not valid.', [{ path: '/cursor', message: 'invalid cursor' }]);
  return { key, id };
}

/** The rows after `position` in ascending (`keyColumn`, `idColumn`) order. */
export function laterThan(position: AscendingPosition, keyColumn: string, idColumn: string): RawBuilder<SqlBool> {
  const key = sql.ref(keyColumn);
  const id = sql.ref(idColumn);
  return sql<SqlBool>`(${key} > ${position.key} or (${key} = ${position.key} and ${id} > ${position.id}))`;
}

/**
 * A page from rows read with `limit + 1`: the first `limit` as items, and a cursor at the last of
 * them when another row followed.
 */
export function pageOf<Row, Item>(
  cursors: CursorCodec,
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  positionOf: (row: Row) => unknown[],
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last !== undefined ? cursors.encode(positionOf(last)) : null,
  };
}
