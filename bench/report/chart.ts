/**
 * The flash-sale chart for docs/benchmarks.md: successful reservations per second (left axis)
 * and p99 latency (right axis) against the number of connections, with issue 5's targets dashed.
 * Hand-written SVG: no charting dependency for one picture.
 */
import type { Row } from './result.js';

const WIDTH = 720;
const HEIGHT = 400;
const PAD = { left: 70, right: 70, top: 50, bottom: 60 };
const THROUGHPUT_COLOR = '#1565c0';
const P99_COLOR = '#e65100';
const THROUGHPUT_TARGET = 1000;
const P99_TARGET_MS = 250;

/** A round axis maximum above `value`: 1, 2, 2.5 or 5 times a power of ten. */
function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((m) => m >= value) ?? 10 * power;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function flashSaleChart(rows: Row[], subtitle: string): string {
  const points = rows
    .filter((r) => r.state === 'ran' && r.throughput && r.latency && r.connections !== undefined)
    .map((r) => ({ c: r.connections ?? 0, rps: r.throughput?.value ?? 0, p99: r.latency?.p99 ?? 0 }));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const maxRps = niceMax(Math.max(THROUGHPUT_TARGET, ...points.map((p) => p.rps)) * 1.1);
  const maxP99 = niceMax(Math.max(P99_TARGET_MS, ...points.map((p) => p.p99)) * 1.1);
  const inset = 50; // keeps the first and last points and their labels clear of the axes
  const x = (i: number) =>
    PAD.left + inset + (points.length <= 1 ? plotW / 2 - inset : (i * (plotW - 2 * inset)) / (points.length - 1));
  const yRps = (v: number) => PAD.top + plotH - (v / maxRps) * plotH;
  const yP99 = (v: number) => PAD.top + plotH - (v / maxP99) * plotH;
  const out: string[] = [];
  const add = (s: string) => out.push(s);

  add(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
  );
  add(`<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`);
  add(
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">Flash sale, general admission: throughput and p99 by concurrency</text>`,
  );
  add(`<text x="${WIDTH / 2}" y="38" text-anchor="middle" fill="#555">${escape(subtitle)}</text>`);
  for (let i = 0; i <= 5; i++) {
    const y = PAD.top + (plotH * i) / 5;
    add(`<line x1="${PAD.left}" y1="${y}" x2="${WIDTH - PAD.right}" y2="${y}" stroke="#e0e0e0"/>`);
    add(
      `<text x="${PAD.left - 8}" y="${y + 4}" text-anchor="end" fill="${THROUGHPUT_COLOR}">${Math.round(maxRps * (1 - i / 5))}</text>`,
    );
    add(`<text x="${WIDTH - PAD.right + 8}" y="${y + 4}" fill="${P99_COLOR}">${Math.round(maxP99 * (1 - i / 5))}</text>`);
  }
  add(`<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#9e9e9e"/>`);
  add(
    `<text transform="translate(18 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="${THROUGHPUT_COLOR}">successful reservations / s</text>`,
  );
  add(
    `<text transform="translate(${WIDTH - 16} ${PAD.top + plotH / 2}) rotate(90)" text-anchor="middle" fill="${P99_COLOR}">p99 latency (ms)</text>`,
  );
  add(`<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 18}" text-anchor="middle">concurrent connections</text>`);
  add(
    `<line x1="${PAD.left}" y1="${yRps(THROUGHPUT_TARGET)}" x2="${WIDTH - PAD.right}" y2="${yRps(THROUGHPUT_TARGET)}" stroke="${THROUGHPUT_COLOR}" stroke-dasharray="6 4" opacity="0.6"/>`,
  );
  add(
    `<line x1="${PAD.left}" y1="${yP99(P99_TARGET_MS)}" x2="${WIDTH - PAD.right}" y2="${yP99(P99_TARGET_MS)}" stroke="${P99_COLOR}" stroke-dasharray="6 4" opacity="0.6"/>`,
  );
  points.forEach((p, i) => add(`<text x="${x(i)}" y="${PAD.top + plotH + 18}" text-anchor="middle">${p.c}</text>`));
  const path = (y: (v: number) => number, key: 'rps' | 'p99') =>
    points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  add(`<path d="${path(yRps, 'rps')}" fill="none" stroke="${THROUGHPUT_COLOR}" stroke-width="2.5"/>`);
  add(`<path d="${path(yP99, 'p99')}" fill="none" stroke="${P99_COLOR}" stroke-width="2.5"/>`);
  points.forEach((p, i) => {
    add(`<circle cx="${x(i)}" cy="${yRps(p.rps)}" r="4.5" fill="${THROUGHPUT_COLOR}"/>`);
    add(
      `<text x="${x(i)}" y="${yRps(p.rps) + 20}" text-anchor="middle" fill="${THROUGHPUT_COLOR}">${Math.round(p.rps)}/s</text>`,
    );
    add(`<rect x="${x(i) - 4}" y="${yP99(p.p99) - 4}" width="8" height="8" fill="${P99_COLOR}"/>`);
    add(`<text x="${x(i)}" y="${yP99(p.p99) - 10}" text-anchor="middle" fill="${P99_COLOR}">${Math.round(p.p99)} ms</text>`);
  });
  add(`<g transform="translate(${PAD.left + 10} ${PAD.top + 12})"><rect width="230" height="78" fill="#fff" stroke="#bdbdbd"/>`);
  add(`<circle cx="14" cy="13" r="4.5" fill="${THROUGHPUT_COLOR}"/><text x="26" y="17">successful reservations / s</text>`);
  add(`<rect x="10" y="25" width="8" height="8" fill="${P99_COLOR}"/><text x="26" y="33">p99 latency of a hold (ms)</text>`);
  add(
    `<line x1="4" y1="47" x2="22" y2="47" stroke="${THROUGHPUT_COLOR}" stroke-dasharray="6 4"/><text x="26" y="51">target ≥ ${THROUGHPUT_TARGET} reservations/s</text>`,
  );
  add(
    `<line x1="4" y1="65" x2="22" y2="65" stroke="${P99_COLOR}" stroke-dasharray="6 4"/><text x="26" y="69">target p99 &lt; ${P99_TARGET_MS} ms (issue 5)</text></g>`,
  );
  add('</svg>');
  return out.join('\n') + '\n';
}
