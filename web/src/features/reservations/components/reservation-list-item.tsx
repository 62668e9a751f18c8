import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { HoldCountdown } from '@/components/data-display/hold-countdown';
import { ReservationStatusChip } from '@/components/data-display/reservation-status-chip';
import { paths } from '@/config/paths';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { formatMoney } from '@/lib/format-money';

interface ReservationListItemProps {
  reservation: Reservation;
  onCancel: (reservation: Reservation) => void;
  /** The countdown of a pending one reached zero: the list asks the server again. */
  onExpire: () => void;
}

/** One reservation in "My reservations": what, when, its status, and what can be done with it now. */
export function ReservationListItem({ reservation, onCancel, onExpire }: ReservationListItemProps) {
  const { t } = useTranslation('reservations');
  const { event } = reservation;
  const href = paths.reservation.getHref(reservation.id);
  const count = reservation.tickets.length;
  const pending = reservation.status === 'pending_payment';
  const headingId = `reservation-${reservation.id}`;
  const timeZone = eventTimeZone(event);
  return (
    <Card component="article" aria-labelledby={headingId} variant="outlined" sx={{ p: { xs: 2, sm: 2.5 }, borderRadius: 3 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ justifyContent: 'space-between' }}>
        <Box sx={{ minWidth: 0 }}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
            <ReservationStatusChip status={reservation.status} />
            {pending && (
              <HoldCountdown variant="chip" expiresAt={reservation.expiresAt} onExpire={onExpire} timeZone={timeZone} />
            )}
          </Stack>
          <Typography id={headingId} component="h2" variant="h6" sx={{ overflowWrap: 'anywhere' }}>
            <Link component={RouterLink} to={href} color="inherit">
              {event.title}
            </Link>
          </Typography>
          <Typography color="text.secondary">
            <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, undefined, timeZone)}</time> · {event.venue.name},{' '}
            {event.venue.city}
          </Typography>
          <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
            {t('item.tickets', { count })} · {formatMoney(reservation.totalCents, reservation.currency)} · {t('item.code')}{' '}
            <Box component="span" sx={{ fontFamily: 'monospace', fontWeight: 700, color: 'text.primary' }}>
              {reservation.code}
            </Box>
          </Typography>
        </Box>
        <Stack
          direction={{ xs: 'row', sm: 'column' }}
          spacing={1}
          useFlexGap
          sx={{ alignItems: { xs: 'center', sm: 'flex-end' }, flexShrink: 0, flexWrap: 'wrap' }}
        >
          {pending ? (
            <Button
              variant="contained"
              color="secondary"
              component={RouterLink}
              to={href}
              aria-label={t('item.payNowFor', { event: event.title })}
            >
              {t('item.payNow')}
            </Button>
          ) : (
            <Button
              variant="outlined"
              component={RouterLink}
              to={href}
              aria-label={t(reservation.status === 'paid' ? 'item.viewTicketsFor' : 'item.viewFor', { event: event.title })}
            >
              {reservation.status === 'paid' ? t('item.viewTickets') : t('item.view')}
            </Button>
          )}
          {(pending || reservation.status === 'paid') && (
            <Button color="error" onClick={() => onCancel(reservation)} aria-label={t('item.cancelFor', { event: event.title })}>
              {t('item.cancel')}
            </Button>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
