/**
 * The stage of the queue failover test: two built server processes on a PostgreSQL schema and a
 * Redis of their own, verified buyers written straight into that schema, and a buyer that speaks
 * HTTP to either instance and solves the waiting room's proof of work as a browser would.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hashToken, SESSION_ABSOLUTE_MS } from '../../src/accounts/sessions.js';
import { postgresUrl } from '../support/backends.js';
import { OwnRedis } from '../support/redis-server.js';
import { startServerProcess, type ServerProcess } from '../faults/server-process.js';

/** The browser's proof of work: `n` whose SHA-256 of `<challenge>:<n>` starts with `difficulty` zero bits. */
export function solve(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const digest = createHash('sha256').update(`${challenge}:${n}`).digest();
    let bits = 0;
    for (const byte of digest) {
      if (byte === 0) bits += 8;
      else {
        bits += Math.clz32(byte) - 24;
        break;
      }
    }
    if (bits >= difficulty) return String(n);
  }
}

interface Answer {
  status: number;
  text: string;
  json: () => unknown;
}

/**
 * A signed-in account (its session cookie) with a CSRF token per instance, fetched on first use
 * there; sends the queue pass header on a hold, which the faults' HttpClient cannot.
 */
export class Buyer {
  private readonly csrf = new Map<string, { token: string; cookie: string }>();

  constructor(
    readonly userId: string,
    private readonly session: string,
    private readonly address: string,
  ) {}

  async request(
    base: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const all: Record<string, string> = { 'x-forwarded-for': this.address, cookie: `iat_session=${this.session}`, ...headers };
    if (method !== 'GET') {
      let csrf = this.csrf.get(base);
      if (csrf === undefined) {
        const res = await fetch(`${base}/api/auth/csrf`, { headers: all, signal: AbortSignal.timeout(20_000) });
        const cookie = res.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
        csrf = { token: ((await res.json()) as { token: string }).token, cookie: cookie.join('; ') };
        this.csrf.set(base, csrf);
      }
      all['x-csrf-token'] = csrf.token;
      all.cookie = [all.cookie, csrf.cookie].filter((c) => c !== '').join('; ');
    }
    if (body !== undefined) all['content-type'] = 'application/json';
    const res = await fetch(base + path, {
      method,
      headers: all,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as unknown };
  }
}

export interface FailoverStage {
  /** The PostgreSQL schema both servers use: the test reads the sale's rows from it. */
  schema: string;
  /** The two servers once started, the first (which migrated) first. */
  servers: ServerProcess[];
  /**
   * Connects to PostgreSQL, starts the Redis and the two servers with `env` on top of the stage's
   * own database, Redis, data folder and session secret; call it in beforeAll. Resolves with the
   * test's own connection to the database.
   */
  start: (env: Record<string, string>) => Promise<pg.Client>;
  /** Verified accounts with a session each, written as the server would (argon2 for 100 sign-ups is minutes). */
  createBuyers: (count: number) => Promise<Buyer[]>;
  /** Kills what is still running and drops the schema, whatever start() got to. */
  close: () => Promise<void>;
}

export function failoverStage(): FailoverStage {
  const schema = `t_qfail_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'iat-qfail-'));
  let redis: OwnRedis | undefined;
  let db: pg.Client | undefined;
  const servers: ServerProcess[] = [];
  const connected = () => {
    if (db === undefined) throw new Error('failoverStage: call start() in beforeAll first');
    return db;
  };

  return {
    schema,
    servers,
    start: async (env) => {
      db = new pg.Client({ connectionString: postgresUrl });
      await db.connect();
      await db.query(`create schema ${schema}`);
      redis = await OwnRedis.start();
      const url = new URL(postgresUrl ?? '');
      url.searchParams.set('options', `-c search_path=${schema}`);
      const all = {
        DATABASE_URL: url.toString(),
        REDIS_URL: redis.url,
        DATA_DIR: dataDir,
        SESSION_SECRET: randomBytes(24).toString('hex'),
        ...env,
      };
      // The first migrates; the second starts on the migrated database, as in a rolling deploy.
      servers.push(await startServerProcess(all));
      servers.push(await startServerProcess(all));
      return db;
    },
    createBuyers: async (count) => {
      const now = new Date();
      const buyers: Buyer[] = [];
      for (let i = 0; i < count; i++) {
        const id = randomUUID();
        const token = randomBytes(32).toString('base64url');
        const email = `queue-failover-${i}@example.com`;
        await connected().query(
          `insert into ${schema}.users (id, email, email_normalized, name, password_hash, role, disabled, email_verified, created_at, updated_at)
           values ($1, $2, $2, $3, 'not-a-password-hash', 'user', 0, 1, $4, $4)`,
          [id, email, `Buyer ${i}`, now.toISOString()],
        );
        await connected().query(
          `insert into ${schema}.sessions (id_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip)
           values ($1, $2, $3, $3, $4, 'failover test', '127.0.0.1')`,
          [hashToken(token), id, now.toISOString(), new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString()],
        );
        buyers.push(new Buyer(id, token, `10.73.${i >> 8}.${i & 255}`));
      }
      return buyers;
    },
    close: async () => {
      for (const s of servers) {
        if (s.child.exitCode === null && s.child.signalCode === null) {
          s.child.kill('SIGKILL');
          await s.exited;
        }
      }
      await redis?.stop();
      if (db !== undefined) {
        await db.query(`drop schema if exists ${schema} cascade`);
        await db.end();
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
