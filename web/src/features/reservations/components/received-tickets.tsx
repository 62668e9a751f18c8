/**
 * "Received tickets" under My reservations: tickets other accounts gave this one (GET
 * /api/tickets), each with its PDF and, before the event, its name and a transfer onwards.
 */
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import DownloadRoundedIcon from '@mui/icons-material/DownloadRounded';
import PhoneIphoneRoundedIcon from '@mui/icons-material/PhoneIphoneRounded';
import type { ReceivedTicket } from '@iatichet/contracts';
import { ErrorState, LoadingState } from '@/components/page-state';
import { formatEventTime } from '@/lib/format-event-time';
import { ticketSeatLabel } from '@/lib/reservation-labels';
import { ticketPdfHref, useReceivedTickets } from '../api/ticket-transfers';
import { TicketActions } from './ticket-actions';

function ReceivedTicketItem({ item }: { item: ReceivedTicket }) {
  const { t } = useTranslation('transfers');
  const { ticket, event } = item;
  const headingId = `received-${ticket.id}`;
  const valid = item.status === 'paid';
  const seat = ticketSeatLabel(ticket.seat);
  const words = { event: event.title };
  return (
    <Card component="article" aria-labelledby={headingId} variant="outlined" sx={{ p: { xs: 2, sm: 2.5 }, borderRadius: 3 }}>
      <Typography id={headingId} component="h3" variant="h6" sx={{ overflowWrap: 'anywhere' }}>
        {t('received.label', words)}
      </Typography>
      <Typography color="text.secondary">
        <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, undefined, event.timeZone)}</time> · {event.venue.name},{' '}
        {event.venue.city}
      </Typography>
      <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 2, rowGap: 0.5, my: 1.5 }}>
        <Typography component="dt" variant="body2" color="text.secondary">
          {t('received.type')}
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0, fontWeight: 600 }}>
          {seat === null ? ticket.typeName : `${ticket.typeName} · ${seat}`}
        </Typography>
        <Typography component="dt" variant="body2" color="text.secondary">
          {t('received.name')}
        </Typography>
        <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
          {ticket.attendeeName ?? t('received.noName')}
        </Typography>
        {valid && ticket.shortCode !== null && (
          <>
            <Typography component="dt" variant="body2" color="text.secondary">
              {t('received.shortCode')}
            </Typography>
            <Typography component="dd" variant="body2" sx={{ m: 0, fontFamily: 'monospace', fontWeight: 700 }}>
              {`${ticket.shortCode.slice(0, 5)}-${ticket.shortCode.slice(5)}`}
            </Typography>
          </>
        )}
      </Box>
      {valid ? (
        <Stack spacing={1.5}>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5}>
            <Button
              variant="contained"
              startIcon={<DownloadRoundedIcon />}
              href={ticketPdfHref(ticket.id)}
              download
              aria-label={t('received.downloadFor', words)}
            >
              {t('received.download')}
            </Button>
            <Button
              variant="outlined"
              startIcon={<PhoneIphoneRoundedIcon />}
              href={ticketPdfHref(ticket.id, 'phone')}
              download
              aria-label={t('received.phoneFor', words)}
            >
              {t('received.phone')}
            </Button>
          </Stack>
          <TicketActions ticket={ticket} number={1} reservationId={item.reservationId} event={event} />
        </Stack>
      ) : (
        <Alert severity="warning">{t('received.cancelled')}</Alert>
      )}
    </Card>
  );
}

export function ReceivedTickets() {
  const { t } = useTranslation('transfers');
  const query = useReceivedTickets();
  let content;
  if (query.isPending) content = <LoadingState label={t('received.loading')} />;
  else if (query.isError)
    content = <ErrorState error={query.error} title={t('received.loadFailed')} onRetry={() => void query.refetch()} />;
  else if (query.data.items.length === 0)
    content = (
      <Box>
        <Typography sx={{ fontWeight: 600 }}>{t('received.empty')}</Typography>
        <Typography color="text.secondary">{t('received.emptyText')}</Typography>
      </Box>
    );
  else
    content = (
      <Stack component="ul" spacing={2} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {query.data.items.map((item) => (
          <li key={item.ticket.id}>
            <ReceivedTicketItem item={item} />
          </li>
        ))}
      </Stack>
    );
  return (
    <Box component="section" aria-labelledby="received-heading" sx={{ mt: 6 }}>
      <Typography id="received-heading" component="h2" variant="h5" sx={{ mb: 0.5 }}>
        {t('received.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('received.description')}
      </Typography>
      {content}
    </Box>
  );
}
