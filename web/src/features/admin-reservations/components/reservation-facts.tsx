import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { HoldCountdown } from '@/components/data-display/hold-countdown';
import { formatDateTime } from '@/lib/format-date';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { formatMoney } from '@/lib/format-money';
import { paymentMethodLabel } from '@/lib/reservation-labels';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, fontWeight: 600, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </Box>
  );
}

/** Who booked what, when, and where the money stands. */
export function ReservationFacts({ reservation, onExpire }: { reservation: Reservation; onExpire: () => void }) {
  const { t } = useTranslation('admin-reservations');
  const timeZone = eventTimeZone(reservation.event);
  const { event, buyer } = reservation;
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
      <Box
        component="dl"
        sx={{ m: 0, display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', md: 'repeat(3, 1fr)' } }}
      >
        <Fact label={t('columns.buyer')}>
          {buyer === undefined ? '—' : buyer.name}
          {buyer !== undefined && (
            <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
              {buyer.email}
            </Typography>
          )}
        </Fact>
        <Fact label={t('columns.event')}>
          {event.title}
          <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
            {formatEventTime(event.startsAt, undefined, timeZone)} · {event.venue.name}
          </Typography>
        </Fact>
        <Fact label={t('columns.total')}>{formatMoney(reservation.totalCents, reservation.currency)}</Fact>
        <Fact label={t('columns.created')}>{formatDateTime(reservation.createdAt, timeZone)}</Fact>
        {reservation.status === 'pending_payment' && (
          <Fact label={t('facts.holdEnds')}>
            {formatDateTime(reservation.expiresAt, timeZone)}
            <Box component="span" sx={{ display: 'block', mt: 0.5 }}>
              <HoldCountdown variant="chip" expiresAt={reservation.expiresAt} onExpire={onExpire} timeZone={timeZone} />
            </Box>
          </Fact>
        )}
        {reservation.paidAt !== null && (
          <Fact label={t('facts.paid')}>
            {formatDateTime(reservation.paidAt, timeZone)}
            {reservation.paymentMethod !== null && ` · ${paymentMethodLabel(reservation.paymentMethod)}`}
          </Fact>
        )}
      </Box>
    </Paper>
  );
}
