/**
 * The money of a reservation as a receipt shows it: subtotal, the discount (with its code), the tax
 * each rate contains, and the total. Every number is the server's (pricing.ts): nothing is
 * recomputed here, so the page always adds up to what the buyer is charged.
 */
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { formatMoney } from '@/lib/format-money';

function Row({ label, value, strong = false }: { label: string; value: string; strong?: boolean }) {
  return (
    <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 2, alignItems: 'baseline' }}>
      <Typography component="dt" variant={strong ? 'body1' : 'body2'} sx={{ fontWeight: strong ? 700 : 400 }}>
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, fontWeight: strong ? 800 : 500, fontSize: strong ? '1.25rem' : undefined }}>
        {value}
      </Typography>
    </Box>
  );
}

export function MoneyBreakdown({ reservation }: { reservation: Reservation }) {
  const { t } = useTranslation('codes');
  const money = (cents: number) => formatMoney(cents, reservation.currency);
  const percent = (basisPoints: number) => `${String(basisPoints / 100)} %`;
  return (
    <Box component="dl" sx={{ m: 0, display: 'grid', gap: 0.75 }}>
      {reservation.discountCents > 0 && (
        <>
          <Row label={t('summary.subtotal')} value={money(reservation.subtotalCents)} />
          <Row
            label={
              reservation.discountCode === null
                ? t('summary.discount')
                : t('summary.discountWithCode', { code: reservation.discountCode })
            }
            value={`−${money(reservation.discountCents)}`}
          />
        </>
      )}
      {reservation.taxes
        .filter((tax) => tax.taxRate > 0)
        .map((tax) => (
          <Row key={tax.taxRate} label={t('summary.taxAt', { rate: percent(tax.taxRate) })} value={money(tax.taxCents)} />
        ))}
      <Row label={t('summary.total')} value={money(reservation.totalCents)} strong />
    </Box>
  );
}
