/** An event's codes as a CSV file (GET /api/events/:id/codes.csv). */
import type { DiscountCode } from '@iatichet/contracts';

/** The codes as CSV, with their uses; cells that a spreadsheet would run as formulas are neutralised. */
export function codesCsv(codes: DiscountCode[], cell: (value: string) => string): string {
  const head = [
    'code',
    'kind',
    'percentOff',
    'amountOffCents',
    'ticketTypeIds',
    'maxUses',
    'uses',
    'validFrom',
    'validUntil',
    'active',
  ];
  const line = (values: string[]) => `${values.map(cell).join(',')}\r\n`;
  const text = (v: number | string | null) => (v === null ? '' : String(v));
  return (
    '\uFEFF' +
    line(head) +
    codes
      .map((c) =>
        line([
          c.code,
          c.kind,
          text(c.percentOff),
          text(c.amountOffCents),
          c.ticketTypeIds.join(' '),
          text(c.maxUses),
          String(c.uses),
          text(c.validFrom),
          text(c.validUntil),
          c.active ? 'true' : 'false',
        ]),
      )
      .join('')
  );
}
