import Chip, { type ChipProps } from '@mui/material/Chip';
import type { ReservationStatus } from '@iatichet/contracts';
import { reservationStatusLabel } from '@/lib/reservation-labels';

const COLORS: Record<ReservationStatus, ChipProps['color']> = {
  pending_payment: 'warning',
  paid: 'success',
  cancelled: 'default',
  expired: 'default',
  refunded: 'info',
  refund_pending: 'warning',
};

/**
 * A reservation's status as a small label: filled while it matters (awaiting payment, paid, a
 * refund still owed), outlined once it is over.
 */
export function ReservationStatusChip({ status }: { status: ReservationStatus }) {
  const live = status === 'pending_payment' || status === 'paid' || status === 'refund_pending';
  return (
    <Chip
      label={reservationStatusLabel(status)}
      size="small"
      color={COLORS[status]}
      variant={live ? 'filled' : 'outlined'}
      sx={{ fontWeight: 700, height: 22 }}
    />
  );
}
