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
import { OrderSummary } from './order-summary';

function closedText(reservation: Reservation): string {
  switch (reservation.status) {
    case 'expired':
      return `The time to pay ran out on ${formatDateTime(reservation.expiresAt)}, so these tickets went back on sale. Nothing was charged.`;
    case 'refunded':
      return 'This reservation was cancelled and the payment refunded. The tickets are no longer valid.';
    case 'refund_pending':
      return `This reservation was cancelled and the tickets are no longer valid. Your refund of ${formatMoney(reservation.totalCents, reservation.currency)} is on its way: the payment provider has not confirmed it yet, so we keep trying by ourselves. You will get a notification when it is done; there is nothing you need to do.`;
    default:
      return 'This reservation was cancelled, and its tickets went back on sale. Nothing was charged.';
  }
}

/** An expired, cancelled or refunded reservation: what happened, what it was, and the way to book again. */
export function ClosedPanel({ reservation }: { reservation: Reservation }) {
  return (
    <Box
      sx={{ display: 'grid', gap: { xs: 2.5, md: 4 }, gridTemplateColumns: { xs: '1fr', md: '7fr 5fr' }, alignItems: 'start' }}
    >
      <Box sx={{ display: 'grid', gap: 2.5, minWidth: 0 }}>
        <Alert
          severity={reservation.status === 'refund_pending' ? 'warning' : 'info'}
          action={
            <Button color="inherit" size="small" component={RouterLink} to={paths.event.getHref(reservation.event.id)}>
              Book again
            </Button>
          }
        >
          {closedText(reservation)}
        </Alert>
        <Box component="section" aria-labelledby="tickets-heading">
          <Typography id="tickets-heading" component="h2" variant="h6" sx={{ mb: 1.5 }}>
            Tickets in this reservation
          </Typography>
          <TicketsTable tickets={reservation.tickets} />
        </Box>
      </Box>
      <OrderSummary reservation={reservation} />
    </Box>
  );
}
