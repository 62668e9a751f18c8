/**
 * The points of the "sales over time" line. A line needs two points: a sale with one data point
 * (the first purchase) starts its line at zero an hour earlier, so the chart is not empty.
 */
export interface SalesPoint {
  at: Date;
  cumulativeTickets: number;
}

const LEAD_IN_MS = 60 * 60_000;

export function salesChartPoints(sales: readonly { at: string; cumulativeTickets: number }[]): SalesPoint[] {
  const points = sales.map((point) => ({ at: new Date(point.at), cumulativeTickets: point.cumulativeTickets }));
  const [only] = points;
  if (points.length === 1 && only !== undefined) {
    return [{ at: new Date(only.at.getTime() - LEAD_IN_MS), cumulativeTickets: 0 }, only];
  }
  return points;
}
