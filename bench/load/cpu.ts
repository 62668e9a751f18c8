/**
 * Where the CPU went during a measurement: the server processes, the PostgreSQL backends serving
 * the scenario's database, this load driver, and everything else on the machine (from /proc).
 * On two cores this tells whether a number is limited by the server, the database or the box.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.js';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU time of one process, in ms; 0 once it is gone. */
function processCpuMs(pid: number): number {
  try {
    // Fields after the parenthesised name: state is field 3, utime 14 and stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Busy CPU time of the whole machine, in ms (every core added up). */
function machineBusyMs(): number {
  try {
    const [, ...values] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = values.map(Number);
    return (user + nice + system + irq + softirq + steal) * TICK_MS;
  } catch {
    return 0;
  }
}

async function backendPids(db: Kysely<Database>): Promise<number[]> {
  const result = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
  return result.rows.map((r) => r.pid);
}

export interface CpuUse {
  /** CPU ms per unit of work (per request, per reservation), by who spent it. */
  server: number;
  database: number | undefined;
  driver: number;
  others: number;
  /** Share of the machine's cores that were busy. */
  machineBusy: number;
}

export class CpuMeter {
  private constructor(
    private readonly serverPids: number[],
    private readonly db: Kysely<Database> | undefined,
    private readonly start: {
      servers: number;
      backends: Map<number, number>;
      driver: NodeJS.CpuUsage;
      machine: number;
      at: number;
    },
  ) {}

  /** `db` only for PostgreSQL on this machine: its backends are separate processes. */
  static async start(serverPids: number[], db: Kysely<Database> | undefined): Promise<CpuMeter> {
    const backends = new Map<number, number>();
    for (const pid of db ? await backendPids(db) : []) backends.set(pid, processCpuMs(pid));
    return new CpuMeter(serverPids, db, {
      servers: serverPids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
      backends,
      driver: process.cpuUsage(),
      machine: machineBusyMs(),
      at: performance.now(),
    });
  }

  async stop(units: number): Promise<CpuUse> {
    const servers = this.serverPids.reduce((sum, pid) => sum + processCpuMs(pid), 0) - this.start.servers;
    let database: number | undefined;
    if (this.db) {
      // Backends that connected during the run started from zero.
      database = 0;
      for (const pid of await backendPids(this.db)) database += processCpuMs(pid) - (this.start.backends.get(pid) ?? 0);
    }
    const usage = process.cpuUsage(this.start.driver);
    const driver = (usage.user + usage.system) / 1000;
    const machine = machineBusyMs() - this.start.machine;
    const per = (ms: number) => ms / Math.max(1, units);
    return {
      server: per(servers),
      database: database === undefined ? undefined : per(database),
      driver: per(driver),
      others: per(Math.max(0, machine - servers - (database ?? 0) - driver)),
      machineBusy: machine / ((performance.now() - this.start.at) * os.availableParallelism()),
    };
  }
}

export function describeCpu(use: CpuUse, unit: string): string {
  const parts = [
    `server ${use.server.toFixed(2)}`,
    ...(use.database === undefined ? [] : [`PostgreSQL ${use.database.toFixed(2)}`]),
    `load driver ${use.driver.toFixed(2)}`,
    `rest of machine ${use.others.toFixed(2)}`,
  ];
  return `CPU ms per ${unit}: ${parts.join(', ')}; cores ${(use.machineBusy * 100).toFixed(0)}% busy`;
}
