/**
 * "Waiting lists" on My reservations: every entry with its place in line or what became of it,
 * a link to an offer's checkout, and a way to leave a live one.
 */
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { WaitlistEntry } from '@iatichet/contracts';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import { formatEventTime } from '@/lib/format-event-time';
import { useMyWaitlist } from '../api/get-my-waitlist';
import { useLeaveWaitlist } from '../api/leave-waitlist';
import { PayOfferButton } from './pay-offer-button';

export function MyWaitlist() {
  const { t } = useTranslation('waitlist');
  const query = useMyWaitlist();
  // Nothing to show until the person has joined a list: the section stays out of the way.
  if (query.isSuccess && query.data.length === 0) return null;
  return (
    <Box component="section" aria-labelledby="my-waitlist-heading" sx={{ mt: 5 }}>
      <Typography id="my-waitlist-heading" component="h2" variant="h5" sx={{ mb: 2 }}>
        {t('mine.title')}
      </Typography>
      {query.isPending && <LoadingState label={t('mine.loading')} />}
      {query.isError && <ErrorState error={query.error} title={t('mine.loadFailed')} onRetry={() => void query.refetch()} />}
      {query.isSuccess && (
        <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {query.data.map((entry) => (
            <li key={entry.id}>
              <EntryItem entry={entry} />
            </li>
          ))}
        </Stack>
      )}
    </Box>
  );
}

function EntryItem({ entry }: { entry: WaitlistEntry }) {
  const { t } = useTranslation('waitlist');
  const leave = useLeaveWaitlist();
  const live = entry.status === 'waiting' || entry.status === 'offered';
  return (
    <Box sx={{ p: 2, border: 1, borderColor: 'divider', borderRadius: 2.5 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ alignItems: { sm: 'center' } }}>
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          <Link component={RouterLink} to={paths.event.getHref(entry.event.id)} sx={{ fontWeight: 700 }}>
            {entry.event.title}
          </Link>
          <Typography color="text.secondary" variant="body2">
            {formatEventTime(entry.event.startsAt, undefined, entry.event.timeZone)} ·{' '}
            {t('mine.tickets', { type: entry.ticketTypeName, count: entry.quantity })}
          </Typography>
          {entry.status === 'waiting' && (
            <Typography sx={{ mt: 0.5 }}>{t('mine.position', { position: entry.position ?? 1 })}</Typography>
          )}
        </Box>
        <Chip
          label={t(`status.${entry.status}`)}
          color={entry.status === 'offered' ? 'success' : 'default'}
          sx={{ alignSelf: { xs: 'flex-start', sm: 'center' } }}
        />
        {entry.status === 'offered' && entry.reservationId !== null && <PayOfferButton reservationId={entry.reservationId} />}
        {live && (
          <Button variant="outlined" onClick={() => leave.mutate(entry.id)} loading={leave.isPending} sx={{ minHeight: 44 }}>
            {t('panel.leave')}
          </Button>
        )}
      </Stack>
      {leave.isError && (
        <Typography role="alert" color="error" sx={{ mt: 1 }}>
          {errorMessage(leave.error)}
        </Typography>
      )}
    </Box>
  );
}
