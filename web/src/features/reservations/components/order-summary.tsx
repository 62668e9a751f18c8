import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { paths } from '@/config/paths';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { ticketSeatLabel } from '@/lib/reservation-labels';
import { MoneyBreakdown } from './money-breakdown';

/** Ticket types in the order they first appear, with their tickets. */
function byType(reservation: Reservation) {
  const groups = new Map<string, Reservation['tickets']>();
  for (const ticket of reservation.tickets) groups.set(ticket.typeName, [...(groups.get(ticket.typeName) ?? []), ticket]);
  return [...groups];
}

/** What is being bought: the event, the tickets (and seats), the total, and the reservation code. */
export function OrderSummary({ reservation, headingLevel = 2 }: { reservation: Reservation; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('reservations');
  const { event } = reservation;
  return (
    <Paper
      component="section"
      aria-labelledby="order-summary-heading"
      variant="outlined"
      sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}
    >
      <Typography id="order-summary-heading" component={`h${headingLevel}`} variant="h6" sx={{ mb: 1.5 }}>
        {t('summary.title')}
      </Typography>
      <Link component={RouterLink} to={paths.event.getHref(event.id)} sx={{ fontWeight: 700, fontSize: '1.1rem' }}>
        {event.title}
      </Link>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, undefined, eventTimeZone(event))}</time>
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {event.venue.name}, {event.venue.city}
      </Typography>
      <Divider sx={{ my: 2 }} />
      <Stack component="ul" spacing={1.25} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {byType(reservation).map(([typeName, tickets]) => (
          <Box component="li" key={typeName}>
            <Typography sx={{ fontWeight: 600 }}>
              {tickets.length} × {typeName}
            </Typography>
            {tickets.some((ticket) => ticket.seat !== null) && (
              <Typography variant="body2" color="text.secondary">
                {tickets.map((ticket) => ticketSeatLabel(ticket.seat)).join('; ')}
              </Typography>
            )}
          </Box>
        ))}
      </Stack>
      <Divider sx={{ my: 2 }} />
      <MoneyBreakdown reservation={reservation} />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {t('summary.code')}{' '}
        <Box component="span" sx={{ fontFamily: 'monospace', fontWeight: 700, color: 'text.primary', letterSpacing: '0.05em' }}>
          {reservation.code}
        </Box>
      </Typography>
    </Paper>
  );
}
