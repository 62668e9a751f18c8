/** The points of the "sales over time" line. */
export interface SalesPoint {
  at: Date;
  cumulativeTickets: number;
}

export function salesChartPoints(sales: readonly { at: string; cumulativeTickets: number }[]): SalesPoint[] {
  return sales.map((point) => ({ at: new Date(point.at), cumulativeTickets: point.cumulativeTickets }));
}
