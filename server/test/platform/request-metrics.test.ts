/** The request metrics written in Prometheus' text format: cumulative buckets, sum, count, escaping. */
import { describe, expect, it } from 'vitest';
import { RequestMetrics } from '../../src/platform/request-metrics.js';

describe('request metrics', () => {
  it('counts by status and writes cumulative buckets with +Inf, sum and count', () => {
    const metrics = new RequestMetrics();
    metrics.record('GET', '/api/events', 200, 0.0004);
    metrics.record('GET', '/api/events', 200, 0.003);
    metrics.record('GET', '/api/events', 304, 0.005); // on a bound: counted in that bucket (le is <=)
    metrics.record('GET', '/api/events', 200, 7);
    metrics.record('POST', '/api/reservations', 409, 0.02);
    const text = metrics.render();
    const lines = text.split('\n');
    expect(lines).toContain('http_requests_total{method="GET",route="/api/events",status="200"} 3');
    expect(lines).toContain('http_requests_total{method="GET",route="/api/events",status="304"} 1');
    expect(lines).toContain('http_requests_total{method="POST",route="/api/reservations",status="409"} 1');
    const bucket = (le: string) =>
      lines.find((l) => l.startsWith(`http_request_duration_seconds_bucket{le="${le}",method="GET",route="/api/events"}`));
    expect(bucket('0.001')).toMatch(/ 1$/);
    expect(bucket('0.0025')).toMatch(/ 1$/);
    expect(bucket('0.005')).toMatch(/ 3$/);
    expect(bucket('5')).toMatch(/ 3$/);
    expect(bucket('+Inf')).toMatch(/ 4$/);
    expect(lines).toContain('http_request_duration_seconds_count{method="GET",route="/api/events"} 4');
    const sum = Number(lines.find((l) => l.startsWith('http_request_duration_seconds_sum{method="GET"'))?.split(' ')[1]);
    expect(sum).toBeCloseTo(7.0084, 6);
    expect(text.match(/^# TYPE /gm)).toHaveLength(2);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('escapes label values', () => {
    const metrics = new RequestMetrics();
    metrics.record('GET', 'a"b\\c\nd', 404, 0.001);
    expect(metrics.render()).toContain('http_requests_total{method="GET",route="a\\"b\\\\c\\nd",status="404"} 1');
  });

  it('writes only the headers before any request', () => {
    expect(
      new RequestMetrics()
        .render()
        .split('\n')
        .filter((l) => l !== '' && !l.startsWith('#')),
    ).toEqual([]);
  });
});
