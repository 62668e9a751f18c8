/**
 * PostgreSQL's timestamptz text leaves the database as the ISO string SQLite stores
 * (`isoOfTimestamptz`): rewritten without a Date for a session in UTC, through Date otherwise.
 */
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { isoOfTimestamptz } from '../../src/db/database.js';
import { createServices, type Services } from '../../src/platform/services.js';
import { postgresUrl } from '../support/backends.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isoOfTimestamptz', () => {
  it('answers what Date answers for the texts of years 1000 to 9999, with 0 to 6 digits of fraction', () => {
    let seed = 7;
    const next = (below: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % below;
    };
    for (let i = 0; i < 5_000; i++) {
      const date = `${pad(1000 + next(9000), 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(28), 2)}`;
      const time = `${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(60), 2)}`;
      const digits = next(7);
      const fraction = digits === 0 ? '' : `.${pad(next(10 ** digits), digits)}`;
      const text = `${date} ${time}${fraction}+00`;
      expect(isoOfTimestamptz(text), text).toBe(new Date(text).toISOString());
    }
  });

  it('keeps the millisecond a fraction truncates to, as Date does', () => {
    expect(isoOfTimestamptz('2026-12-31 23:59:59.999999+00')).toBe('2026-12-31T23:59:59.999Z');
    expect(isoOfTimestamptz('2026-03-29 01:00:00.5+00')).toBe('2026-03-29T01:00:00.500Z');
  });

  it('reads other zones through Date', () => {
    expect(isoOfTimestamptz('2026-03-29 03:30:00+03')).toBe('2026-03-29T00:30:00.000Z');
    expect(isoOfTimestamptz('2026-03-29 03:30:00.25-05:30')).toBe('2026-03-29T09:00:00.250Z');
  });

  it('keeps years 1 to 99, which Date reads as 1901 to 1999 or 2000s', () => {
    expect(new Date('0050-03-04 05:06:07+00').getUTCFullYear()).not.toBe(50);
    expect(isoOfTimestamptz('0050-03-04 05:06:07+00')).toBe('0050-03-04T05:06:07.000Z');
    expect(isoOfTimestamptz('0001-01-01 00:00:00+00')).toBe('0001-01-01T00:00:00.000Z');
  });
});

describe.runIf(postgresUrl)('timestamptz read from PostgreSQL', () => {
  let services: Services | undefined;
  afterAll(async () => {
    await services?.close();
  });

  it('answers the instant stored, early years included', async () => {
    services = createServices(
      loadConfig({ DATABASE_URL: postgresUrl ?? '', DATABASE_POOL_SIZE: '1' }),
      pino({ level: 'silent' }),
    );
    const { rows } = await sql<{ a: string; b: string; c: string }>`select
        cast('2026-12-07T13:15:41.123456Z' as timestamptz) as a,
        cast('0050-03-04T05:06:07Z' as timestamptz) as b,
        cast('9999-12-31T23:59:59.999Z' as timestamptz) as c`.execute(services.database.db);
    expect(rows[0]).toEqual({ a: '2026-12-07T13:15:41.123Z', b: '0050-03-04T05:06:07.000Z', c: '9999-12-31T23:59:59.999Z' });
  });
});
