/**
 * What PostgreSQL's backends for the scenario's database are doing during a sale, sampled from
 * pg_stat_activity ten times a second: running a query, waiting for a row lock, idle inside an
 * open transaction (waiting for the app to send the next statement), or idle. Many lock waiters
 * behind one "idle in transaction" backend means a hot row is held across app round trips.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';

const SAMPLE_MS = 100;

type State = 'running' | 'WAL/IO wait' | 'lock wait' | 'idle in transaction' | 'idle' | 'other wait';

export class PgActivitySampler {
  private readonly totals = new Map<State, number>();
  private samples = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly db: Kysely<Database>) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const rows = await sql<{ state: string | null; wait_event_type: string | null }>`
        select state, wait_event_type from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'`.execute(this.db);
      for (const row of rows.rows) {
        const state: State =
          row.wait_event_type === 'Lock'
            ? 'lock wait'
            : row.wait_event_type === 'IO' || row.wait_event_type === 'LWLock'
              ? 'WAL/IO wait'
              : row.state === 'idle in transaction'
                ? 'idle in transaction'
                : row.state === 'idle'
                  ? 'idle'
                  : row.state === 'active' && (row.wait_event_type === null || row.wait_event_type === 'CPU')
                    ? 'running'
                    : 'other wait';
        this.totals.set(state, (this.totals.get(state) ?? 0) + 1);
      }
      this.samples++;
    } catch {
      // A sample lost to a busy database only makes the average coarser.
    } finally {
      this.busy = false;
    }
  }

  /** Average number of backends in each state over the run, e.g. "running 2.1, lock wait 11.0, ...". */
  stop(): string {
    clearInterval(this.timer);
    if (this.samples === 0) return 'no samples';
    const order: State[] = ['running', 'WAL/IO wait', 'lock wait', 'idle in transaction', 'idle', 'other wait'];
    return order.map((s) => `${s} ${((this.totals.get(s) ?? 0) / this.samples).toFixed(1)}`).join(', ');
  }
}
