/**
 * The results table, as aligned text for the terminal and as Markdown for docs/benchmarks.md.
 * Notes and the details of anything that failed follow the table, numbered by row.
 */
import type { Check, Row } from './result.js';

const HEADERS = [
  '#',
  'Scenario',
  'Variant',
  'Backend',
  'Conns',
  'Throughput',
  'p50 ms',
  'p99 ms',
  'max ms',
  'Statuses',
  'Peak RSS',
  'vs ceiling',
  'Checks',
  'Targets',
];

function number(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

function verdict(list: Check[]): string {
  if (list.length === 0) return '-';
  const failed = list.filter((c) => !c.ok);
  return failed.length === 0 ? `PASS (${list.length})` : `FAIL ${failed.map((c) => c.name).join(', ')}`;
}

function targetsCell(row: Row): string {
  if (row.targets.length === 0) return '-';
  return row.targets.map((t) => `${t.ok ? 'PASS' : 'FAIL'} ${t.name}: ${t.detail}`).join('; ');
}

function cells(row: Row, index: number): string[] {
  const ran = row.state === 'ran';
  return [
    String(index + 1),
    row.scenario,
    row.variant,
    row.backend,
    row.connections === undefined ? '-' : String(row.connections),
    ran && row.throughput ? `${number(row.throughput.value)} ${row.throughput.unit}` : row.state,
    ran && row.latency ? number(row.latency.p50) : '-',
    ran && row.latency ? number(row.latency.p99) : '-',
    ran && row.latency ? number(row.latency.max) : '-',
    row.statuses
      ? Object.entries(row.statuses)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')
      : '-',
    row.peakRssMb === undefined ? '-' : `${Math.round(row.peakRssMb)} MiB`,
    row.ceilingRatio
      ? `${(row.ceilingRatio.value * 100).toFixed(row.ceilingRatio.value < 0.1 ? 1 : 0)}% of ${row.ceilingRatio.of}`
      : '-',
    verdict(row.checks),
    targetsCell(row),
  ];
}

function notes(rows: Row[]): string[] {
  const lines: string[] = [];
  rows.forEach((row, i) => {
    if (row.note) lines.push(`${i + 1}. ${row.note}`);
    for (const c of row.checks.filter((check) => !check.ok)) lines.push(`${i + 1}. check failed: ${c.name}: ${c.detail}`);
  });
  return lines;
}

export function textTable(rows: Row[]): string {
  const body = rows.map(cells);
  const widths = HEADERS.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const line = (values: string[]) => values.map((v, c) => v.padEnd(widths[c] ?? 0)).join('  ');
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line), '', ...notes(rows)].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const escape = (v: string) => v.replace(/\|/g, '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...rows.map((r, i) => `| ${cells(r, i).map(escape).join(' | ')} |`),
    '',
    ...notes(rows),
  ].join('\n');
}
