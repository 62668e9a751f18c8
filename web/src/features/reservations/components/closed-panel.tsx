import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { eventTimeZone } from '@/lib/format-event-time';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { TicketsTable } from '@/components/data-display/tickets-table';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-money';
import { InvoiceList } from './invoice-list';
import { OrderSummary } from './order-summary';

function closedText(reservation: Reservation, t: TFunction): string {
  switch (reservation.status) {
    case 'expired':
      return t('closed.expired', { time: formatDateTime(reservation.expiresAt, eventTimeZone(reservation.event)) });
    case 'refunded':
      return t('closed.refunded');
    case 'refund_pending':
      return t('closed.refundPending', { amount: formatMoney(reservation.totalCents, reservation.currency) });
    default:
      return t('closed.cancelled');
  }
}

/** An expired, cancelled or refunded reservation: what happened, what it was, and the way to book again. */
export function ClosedPanel({ reservation }: { reservation: Reservation }) {
  const { t } = useTranslation('reservations');
  return (
    <Box
      sx={{ display: 'grid', gap: { xs: 2.5, md: 4 }, gridTemplateColumns: { xs: '1fr', md: '7fr 5fr' }, alignItems: 'start' }}
    >
      <Box sx={{ display: 'grid', gap: 2.5, minWidth: 0 }}>
        <Alert
          severity={reservation.status === 'refund_pending' ? 'warning' : 'info'}
          action={
            <Button color="inherit" size="small" component={RouterLink} to={paths.event.getHref(reservation.event.id)}>
              {t('closed.bookAgain')}
            </Button>
          }
        >
          {closedText(reservation, t)}
        </Alert>
        <Box component="section" aria-labelledby="tickets-heading">
          <Typography id="tickets-heading" component="h2" variant="h6" sx={{ mb: 1.5 }}>
            {t('closed.tickets')}
          </Typography>
          <TicketsTable tickets={reservation.tickets} />
        </Box>
        {/* Refunded (or cancelled after paying): its invoice and the credit note that undid it. */}
        {reservation.paidAt !== null && <InvoiceList reservation={reservation} />}
      </Box>
      <OrderSummary reservation={reservation} />
    </Box>
  );
}
