/**
 * One line of the results table. A failed check (correctness) fails the run; a missed target
 * (performance, from the issues) is reported as FAIL and fails the run only with --strict.
 */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** A performance target named in an issue, e.g. "p99 < 250 ms (issue 5)". */
export type Target = Check;

export interface Row {
  scenario: string;
  /** What was measured within the scenario: "cached search", "c=200", ... */
  variant: string;
  /** sqlite, postgres, postgres+redis x2, or - */
  backend: string;
  state: 'ran' | 'skipped' | 'not yet available' | 'error';
  note?: string;
  connections?: number;
  requests?: number;
  seconds?: number;
  throughput?: { value: number; unit: string };
  latency?: { p50: number; p99: number; max: number };
  /** Responses by status (and problem code for 4xx), e.g. { "201": 5000, "409 sold_out": 5000 }. */
  statuses?: Record<string, number>;
  checks: Check[];
  targets: Target[];
  peakRssMb?: number;
  /** Throughput as a share of a ceiling measured in the same run. */
  ceilingRatio?: { value: number; of: string };
}

export function notRun(scenario: string, variant: string, state: Row['state'], note: string, backend = '-'): Row {
  return { scenario, variant, backend, state, note, checks: [], targets: [] };
}
