/** Which errors mean "the database or Redis is unreachable" (503, retry later) rather than a bug (500). */
import { describe, expect, it } from 'vitest';
import { isBackendUnavailable } from '../../src/platform/errors.js';

describe('isBackendUnavailable', () => {
  it.each([
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    [
      'the ROLLBACK on a client whose connection broke',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    ['a query on a client already closed', new Error('Client was closed and is not queryable')],
    ['a refused connect', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [
      'PostgreSQL shutting down',
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
    ],
  ])('counts %s as unavailable', (_, err) => {
    expect(isBackendUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' })],
    ['a deadlock', Object.assign(new Error('deadlock detected'), { code: '40P01' })],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('does not count %s as unavailable', (_, err) => {
    expect(isBackendUnavailable(err)).toBe(false);
  });
});
