/**
 * The one place that reads process.env: every variable of RUNNING.md, validated once at start.
 * A bad value throws ConfigError naming the variable; main.ts prints it on one line and exits 1.
 */
import { createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import { canonicalTimeZone } from './time-zones.js';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type DatabaseConfig = { kind: 'sqlite'; file: string; url: string } | { kind: 'postgres'; url: string };

/** Where uploads (posters) are kept: DATA_DIR, or an S3-compatible bucket when S3_BUCKET is set. */
export type UploadStoreConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      bucket: string;
      /** Unset: AWS's own endpoint for the region. */
      endpoint: string | undefined;
      region: string;
      forcePathStyle: boolean;
      /** Unset: the AWS SDK's default credential chain (environment, profile, instance role). */
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
    };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  database: DatabaseConfig;
  /** PostgreSQL connections this instance may open (instances × pool ≤ max_connections − reserve). */
  databasePoolSize: number;
  /** PostgreSQL: prepare the hot statements once per connection (off behind PgBouncer < 1.21 in transaction mode). */
  databasePreparedStatements: boolean;
  uploads: UploadStoreConfig;
  redisUrl: string | undefined;
  dataDir: string;
  admin: { email: string; password: string } | undefined;
  sessionSecret: string | undefined;
  ticketSigningKey: string | undefined;
  payment: { provider: 'simulated' } | { provider: 'stripe'; secretKey: string; webhookSecret: string };
  holdMinutes: number;
  /** How long a waiting-list offer holds its tickets, unless the event says otherwise. */
  waitlistOfferMinutes: number;
  /** Leading zero bits a waiting-room proof of work needs (the browser solves 18 in about a second). */
  queuePowDifficulty: number;
  /** Holds one account may make per minute; a client address may make ten times as many. */
  holdsPerMinute: number;
  trustProxy: boolean | string[];
  rateLimitPerMinute: number;
  /** Requests one API token may make per minute, across instances when Redis is configured. */
  apiTokenRatePerMinute: number;
  corsOrigins: string[];
  sentryDsn: string | undefined;
  smtpUrl: string | undefined;
  /** Bearer token for /metrics; unset: loopback peers only. */
  metricsToken: string | undefined;
  logLevel: LogLevel;
  /** IANA zone of venues created without one. */
  defaultTimeZone: string;
  /** Language of people who have none set and whose browser asks for none we speak. */
  defaultLocale: 'en' | 'ro';
  /** Printed on tickets as the organizer until organizers exist. */
  organizerName: string;
  /** Webhook URLs may use http: and private, loopback or link-local addresses (tests, intranets). */
  webhookAllowPrivate: boolean;
  nodeEnv: 'development' | 'production' | 'test';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function url(name: string, raw: string, protocols: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${raw}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`);
  }
  return parsed;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function parseDatabase(raw: string): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '') throw new ConfigError('DATABASE_URL', 'sqlite: needs a file path, e.g. sqlite:./data/iatichet.db');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file), url: raw };
  }
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    url('DATABASE_URL', raw, ['postgres:', 'postgresql:']);
    return { kind: 'postgres', url: raw };
  }
  throw new ConfigError('DATABASE_URL', `must start with sqlite: or postgres:// (got "${raw.split(':')[0]}:...")`);
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(name, `must be true or false (got "${raw}")`);
  return raw === 'true';
}

function parseUploadStore(env: Env): UploadStoreConfig {
  const bucket = read(env, 'S3_BUCKET');
  const others = ['S3_ENDPOINT', 'S3_REGION', 'S3_FORCE_PATH_STYLE', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];
  if (bucket === undefined) {
    const stray = others.find((name) => read(env, name) !== undefined);
    // Without the bucket these would silently do nothing while posters go to DATA_DIR.
    if (stray !== undefined) throw new ConfigError(stray, 'is set but S3_BUCKET is not: set S3_BUCKET to store uploads in S3');
    return { kind: 'local' };
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(
      'S3_BUCKET',
      `must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens (got "${bucket}")`,
    );
  }
  const endpointRaw = read(env, 'S3_ENDPOINT');
  const endpoint = endpointRaw === undefined ? undefined : url('S3_ENDPOINT', endpointRaw, ['http:', 'https:']).toString();
  const accessKeyId = read(env, 'S3_ACCESS_KEY_ID');
  const secretAccessKey = read(env, 'S3_SECRET_ACCESS_KEY');
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError(
      accessKeyId === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY',
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together',
    );
  }
  return {
    kind: 's3',
    bucket,
    endpoint,
    region: read(env, 'S3_REGION') ?? 'us-east-1',
    forcePathStyle: boolean(env, 'S3_FORCE_PATH_STYLE', false),
    credentials: accessKeyId !== undefined && secretAccessKey !== undefined ? { accessKeyId, secretAccessKey } : undefined,
  };
}

function parseTrustProxy(raw: string | undefined): boolean | string[] {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits] = entry.split('/');
    const valid = address !== undefined && isIP(address) !== 0 && (bits === undefined || /^\d{1,3}$/.test(bits));
    if (!valid) throw new ConfigError('TRUST_PROXY', `must be true, false or a list of IP addresses/CIDRs (got "${entry}")`);
  }
  return entries;
}

function parseTicketKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const key = raw.includes('BEGIN')
      ? createPrivateKey(raw.replace(/\\n/g, '\n'))
      : createPrivateKey({ key: Buffer.from(raw, 'base64'), format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
  } catch {
    throw new ConfigError('TICKET_SIGNING_KEY', 'must be an Ed25519 private key (PKCS#8 PEM, or its DER in base64)');
  }
  return raw;
}

function parseTimeZone(raw: string | undefined): string {
  if (raw === undefined) return 'Europe/Bucharest';
  const zone = canonicalTimeZone(raw);
  if (zone === null)
    throw new ConfigError('DEFAULT_TIME_ZONE', `must be an IANA time zone such as Europe/Bucharest (got "${raw}")`);
  return zone;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = read(env, 'HOST') ?? '127.0.0.1';

  const publicUrlRaw = read(env, 'PUBLIC_URL') ?? `http://localhost:${port}`;
  const publicUrl = url('PUBLIC_URL', publicUrlRaw, ['http:', 'https:']).origin;

  const dataDir = path.resolve(read(env, 'DATA_DIR') ?? './data');
  const database = parseDatabase(read(env, 'DATABASE_URL') ?? `sqlite:${path.join(dataDir, 'iatichet.db')}`);

  const redisRaw = read(env, 'REDIS_URL');
  if (redisRaw !== undefined) url('REDIS_URL', redisRaw, ['redis:', 'rediss:']);

  const adminEmail = read(env, 'ADMIN_EMAIL');
  const adminPassword = read(env, 'ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError(
      adminEmail === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD',
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    );
  }
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', `must be an email address (got "${adminEmail}")`);
  }
  if (adminPassword !== undefined && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  }

  const sessionSecret = read(env, 'SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters');
  }

  const provider = oneOf(env, 'PAYMENT_PROVIDER', ['simulated', 'stripe'] as const, 'simulated');
  let payment: Config['payment'] = { provider: 'simulated' };
  if (provider === 'stripe') {
    const secretKey = read(env, 'STRIPE_SECRET_KEY');
    const webhookSecret = read(env, 'STRIPE_WEBHOOK_SECRET');
    if (secretKey === undefined) throw new ConfigError('STRIPE_SECRET_KEY', 'is required when PAYMENT_PROVIDER=stripe');
    if (webhookSecret === undefined) throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'is required when PAYMENT_PROVIDER=stripe');
    payment = { provider, secretKey, webhookSecret };
  }

  const corsRaw = read(env, 'CORS_ORIGINS');
  const corsOrigins =
    corsRaw === undefined
      ? [publicUrl]
      : corsRaw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
          .map((o) => url('CORS_ORIGINS', o, ['http:', 'https:']).origin);

  const sentryDsn = read(env, 'SENTRY_DSN');
  if (sentryDsn !== undefined) url('SENTRY_DSN', sentryDsn, ['http:', 'https:']);
  const smtpUrl = read(env, 'SMTP_URL');
  if (smtpUrl !== undefined) url('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']);
  const metricsToken = read(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN', 'must be at least 16 characters (it is a secret)');
  }

  return {
    port,
    host,
    publicUrl,
    database,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 1, 10_000),
    databasePreparedStatements: boolean(env, 'DATABASE_PREPARED_STATEMENTS', true),
    uploads: parseUploadStore(env),
    redisUrl: redisRaw,
    dataDir,
    admin: adminEmail !== undefined && adminPassword !== undefined ? { email: adminEmail, password: adminPassword } : undefined,
    sessionSecret,
    ticketSigningKey: parseTicketKey(read(env, 'TICKET_SIGNING_KEY')),
    payment,
    holdMinutes: integer(env, 'HOLD_MINUTES', 30, 1, 1440),
    waitlistOfferMinutes: integer(env, 'WAITLIST_OFFER_MINUTES', 120, 1, 10080),
    queuePowDifficulty: integer(env, 'QUEUE_POW_DIFFICULTY', 18, 0, 32),
    holdsPerMinute: integer(env, 'HOLDS_PER_MINUTE', 10, 1, 1_000_000),
    trustProxy: parseTrustProxy(read(env, 'TRUST_PROXY')),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000_000),
    apiTokenRatePerMinute: integer(env, 'API_TOKEN_RATE_PER_MINUTE', 300, 1, 1_000_000_000),
    corsOrigins,
    sentryDsn,
    smtpUrl,
    metricsToken,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    defaultTimeZone: parseTimeZone(read(env, 'DEFAULT_TIME_ZONE')),
    defaultLocale: oneOf(env, 'DEFAULT_LOCALE', ['en', 'ro'] as const, 'en'),
    organizerName: (read(env, 'ORGANIZER_NAME') ?? 'iaTichet').slice(0, 120),
    webhookAllowPrivate: boolean(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    nodeEnv,
  };
}
