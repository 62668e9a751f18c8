import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/lib/format-money';
import Chip from '@mui/material/Chip';

/** Few enough left that buyers should know: ten, or a tenth of the capacity, whichever is more. */
function isRunningLow(remaining: number, capacity: number): boolean {
  return remaining <= Math.max(10, Math.ceil(capacity / 10));
}

/** "Sold out", or "N left" (in warning colours when few are left). */
export function AvailabilityChip({ remaining, capacity }: { remaining: number; capacity: number }) {
  const { t } = useTranslation('events');
  if (remaining <= 0)
    return (
      <Chip label={t('availability.soldOut')} size="small" sx={{ fontWeight: 700, bgcolor: 'grey.800', color: 'common.white' }} />
    );
  const low = isRunningLow(remaining, capacity);
  return (
    <Chip
      label={t('availability.left', { count: remaining, number: formatNumber(remaining) })}
      size="small"
      color={low ? 'warning' : 'success'}
      variant={low ? 'filled' : 'outlined'}
      sx={{ fontWeight: 700 }}
    />
  );
}
