/**
 * Which real backends the integration tests run against. SQLite always; PostgreSQL and Redis when
 * TEST_DATABASE_URL / TEST_REDIS_URL are set. With CI=true they are required: a missing one fails
 * the run instead of silently skipping it.
 */
export type BackendName = 'sqlite' | 'postgres';

export const postgresUrl = process.env.TEST_DATABASE_URL;
export const redisUrl = process.env.TEST_REDIS_URL;

if (process.env.CI === 'true') {
  if (!postgresUrl) throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites must run in CI');
  if (!redisUrl) throw new Error('CI=true but TEST_REDIS_URL is not set: the Redis suites must run in CI');
}

export const backends: BackendName[] = postgresUrl ? ['sqlite', 'postgres'] : ['sqlite'];
