import Link from '@mui/material/Link';
import { useTranslation } from 'react-i18next';
import { eventTimeZone } from '@/lib/format-event-time';
import { useEffect, useRef } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { TicketsTable } from '@/components/data-display/tickets-table';
import { formatDateTime } from '@/lib/format-date';
import { paymentMethodLabel } from '@/lib/reservation-labels';
import { InvoiceList } from './invoice-list';
import { OrderSummary } from './order-summary';
import { TicketActions } from './ticket-actions';
import { TicketsDownload } from './tickets-download';

interface PaidPanelProps {
  reservation: Reservation;
  /** Paid while this page was open: focus moves to the confirmation so a screen reader reads it. */
  justPaid: boolean;
}

/** A paid reservation: the confirmation, the tickets, and the summary beside them. */
export function PaidPanel({ reservation, justPaid }: PaidPanelProps) {
  const { t } = useTranslation('reservations');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (justPaid) headingRef.current?.focus();
  }, [justPaid]);
  const paidOn =
    reservation.paidAt === null
      ? null
      : reservation.paymentMethod === null
        ? t('paid.paidOn', { time: formatDateTime(reservation.paidAt, eventTimeZone(reservation.event)) })
        : t('paid.paidOnBy', {
            time: formatDateTime(reservation.paidAt, eventTimeZone(reservation.event)),
            method: paymentMethodLabel(reservation.paymentMethod),
          });
  return (
    <Box
      sx={{ display: 'grid', gap: { xs: 2.5, md: 4 }, gridTemplateColumns: { xs: '1fr', md: '7fr 5fr' }, alignItems: 'start' }}
    >
      <Box sx={{ display: 'grid', gap: 2.5, minWidth: 0 }}>
        <Alert severity="success" variant="outlined" sx={{ borderRadius: 3, bgcolor: 'background.paper' }}>
          <Typography ref={headingRef} tabIndex={-1} component="h2" variant="h6" sx={{ '&:focus': { outline: 'none' } }}>
            {t('paid.title')}
          </Typography>
          <Typography>
            {t('paid.ready')}
            {paidOn !== null && ` ${paidOn}`}
          </Typography>
        </Alert>
        <Box component="section" aria-labelledby="tickets-heading">
          <Typography id="tickets-heading" component="h2" variant="h6" sx={{ mb: 1.5 }}>
            {t('page.yourTickets')}
          </Typography>
          <TicketsTable
            tickets={reservation.tickets}
            timeZone={eventTimeZone(reservation.event)}
            actions={{
              label: t('transfers:actions.column'),
              render: (ticket, index) => (
                <TicketActions ticket={ticket} number={index + 1} reservationId={reservation.id} event={reservation.event} />
              ),
            }}
          />
          {/* Tickets given away are no longer in the buyer's PDF; with none left, there is none. */}
          {reservation.tickets.some((ticket) => ticket.transferred !== true) && (
            <Box sx={{ mt: 2 }}>
              <TicketsDownload reservation={reservation} />
            </Box>
          )}
          {/* Served by the API, not the client router: a plain link that downloads the .ics file. */}
          <Link
            href={`/api/events/${encodeURIComponent(reservation.event.id)}/calendar.ics`}
            download
            sx={{ display: 'inline-block', mt: 1.5, fontWeight: 600, minHeight: 24 }}
          >
            {t('page.addToCalendar')}
          </Link>
        </Box>
        <InvoiceList reservation={reservation} />
      </Box>
      <OrderSummary reservation={reservation} />
    </Box>
  );
}
