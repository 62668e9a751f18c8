import { describe, expect, it } from 'vitest';
import { salesChartPoints } from './sales-chart-points';

describe('salesChartPoints', () => {
  it('draws a line from zero when the sale has a single data point (one point alone draws nothing)', () => {
    const points = salesChartPoints([{ at: '2026-12-05T18:00:00.000Z', cumulativeTickets: 2 }]);
    expect(points).toHaveLength(2);
    expect(points[0]?.cumulativeTickets).toBe(0);
    expect(points[0]?.at.getTime()).toBeLessThan(Date.parse('2026-12-05T18:00:00.000Z'));
    expect(points[1]).toEqual({ at: new Date('2026-12-05T18:00:00.000Z'), cumulativeTickets: 2 });
  });

  it('keeps two or more points as they are', () => {
    const points = salesChartPoints([
      { at: '2026-12-05T18:00:00.000Z', cumulativeTickets: 2 },
      { at: '2026-12-05T19:00:00.000Z', cumulativeTickets: 5 },
    ]);
    expect(points.map((point) => point.cumulativeTickets)).toEqual([2, 5]);
  });

  it('has nothing to draw without sales', () => {
    expect(salesChartPoints([])).toEqual([]);
  });
});
