import { useEffect, useRef } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { TicketsTable } from '@/components/data-display/tickets-table';
import { formatDateTime } from '@/lib/format-date';
import { paymentMethodLabel } from '@/lib/reservation-labels';
import { OrderSummary } from './order-summary';
import { TicketsDownload } from './tickets-download';

interface PaidPanelProps {
  reservation: Reservation;
  /** Paid while this page was open: focus moves to the confirmation so a screen reader reads it. */
  justPaid: boolean;
}

/** A paid reservation: the confirmation, the tickets, and the summary beside them. */
export function PaidPanel({ reservation, justPaid }: PaidPanelProps) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (justPaid) headingRef.current?.focus();
  }, [justPaid]);
  const how = reservation.paymentMethod === null ? '' : ` by ${paymentMethodLabel(reservation.paymentMethod).toLowerCase()}`;
  return (
    <Box
      sx={{ display: 'grid', gap: { xs: 2.5, md: 4 }, gridTemplateColumns: { xs: '1fr', md: '7fr 5fr' }, alignItems: 'start' }}
    >
      <Box sx={{ display: 'grid', gap: 2.5, minWidth: 0 }}>
        <Alert severity="success" variant="outlined" sx={{ borderRadius: 3, bgcolor: 'background.paper' }}>
          <Typography ref={headingRef} tabIndex={-1} component="h2" variant="h6" sx={{ '&:focus': { outline: 'none' } }}>
            Payment received
          </Typography>
          <Typography>
            Your tickets are ready.
            {reservation.paidAt !== null && ` Paid on ${formatDateTime(reservation.paidAt)}${how}.`}
          </Typography>
        </Alert>
        <Box component="section" aria-labelledby="tickets-heading">
          <Typography id="tickets-heading" component="h2" variant="h6" sx={{ mb: 1.5 }}>
            Your tickets
          </Typography>
          <TicketsTable tickets={reservation.tickets} />
          <Box sx={{ mt: 2 }}>
            <TicketsDownload reservation={reservation} />
          </Box>
        </Box>
      </Box>
      <OrderSummary reservation={reservation} />
    </Box>
  );
}
