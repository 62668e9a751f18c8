/**
 * The two HTTP metrics every request updates (`http_requests_total`, `http_request_duration_seconds`),
 * kept in plain numbers and written out in Prometheus' text format when /metrics is scraped.
 * prom-client hashes and validates the label set on every inc() and observe(), even on a bound
 * child: a fifth of a cached catalog read's CPU. The other metrics stay in prom-client's registry.
 */

/** Upper bounds in seconds, as before (the same buckets dashboards already use). */
export const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

interface Series {
  method: string;
  route: string;
  /** Observations per bucket (not cumulative); the last slot is above the largest bound. */
  buckets: Float64Array;
  sum: number;
  count: number;
  byStatus: Map<number, number>;
}

const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class RequestMetrics {
  /** method → route pattern → series; bounded by the route table, never by raw URLs. */
  private readonly series = new Map<string, Map<string, Series>>();

  record(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.series.get(method);
    if (byRoute === undefined) {
      byRoute = new Map();
      this.series.set(method, byRoute);
    }
    let series = byRoute.get(route);
    if (series === undefined) {
      series = { method, route, buckets: new Float64Array(DURATION_BUCKETS.length + 1), sum: 0, count: 0, byStatus: new Map() };
      byRoute.set(route, series);
    }
    series.byStatus.set(status, (series.byStatus.get(status) ?? 0) + 1);
    let slot = 0;
    while (slot < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[slot] as number)) slot++;
    (series.buckets[slot] as number)++;
    series.sum += seconds;
    series.count++;
  }

  /** Both families in the Prometheus text exposition format, ending with a newline. */
  render(): string {
    const all = [...this.series.values()].flatMap((byRoute) => [...byRoute.values()]);
    const lines = [
      '# HELP http_requests_total HTTP requests by method, route and status code',
      '# TYPE http_requests_total counter',
    ];
    for (const s of all) {
      const labels = `method="${escape(s.method)}",route="${escape(s.route)}"`;
      for (const [status, n] of s.byStatus) lines.push(`http_requests_total{${labels},status="${status}"} ${n}`);
    }
    lines.push(
      '',
      '# HELP http_request_duration_seconds HTTP request latency by method and route',
      '# TYPE http_request_duration_seconds histogram',
    );
    for (const s of all) {
      const labels = `method="${escape(s.method)}",route="${escape(s.route)}"`;
      let cumulative = 0;
      DURATION_BUCKETS.forEach((bound, i) => {
        cumulative += s.buckets[i] as number;
        lines.push(`http_request_duration_seconds_bucket{le="${bound}",${labels}} ${cumulative}`);
      });
      lines.push(
        `http_request_duration_seconds_bucket{le="+Inf",${labels}} ${s.count}`,
        `http_request_duration_seconds_sum{${labels}} ${s.sum}`,
        `http_request_duration_seconds_count{${labels}} ${s.count}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}
