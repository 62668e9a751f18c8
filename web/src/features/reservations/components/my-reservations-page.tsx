/** /reservations: the signed-in person's reservations, newest first, with what each one needs next. */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';
import { RESERVATION_STATUSES, type Reservation, type ReservationStatus } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadMore, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { reservationStatusLabel } from '@/lib/reservation-labels';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useReservations } from '../api/get-reservations';
import { CancelReservationDialog } from './cancel-reservation-dialog';
import { ReceivedTickets } from './received-tickets';
import { ReservationListItem } from './reservation-list-item';

type StatusFilter = ReservationStatus | 'any';

function countText(t: TFunction, shown: number, more: boolean): string {
  return more ? t('list.countMore', { count: shown }) : t('list.count', { count: shown });
}

/** `children`: further sections under the list (the waiting lists), handed in by the route. */
export function MyReservationsPage({ children }: { children?: ReactNode }) {
  const { t } = useTranslation('reservations');
  useDocumentTitle(t('common:nav.reservations'));
  const [status, setStatus] = useState<StatusFilter>('any');
  const query = useReservations(status);
  const [cancelling, setCancelling] = useState<Reservation | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const reservations = query.data?.pages.flatMap((page) => page.items) ?? [];

  let content;
  if (query.isPending) content = <LoadingState label={t('list.loading')} />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title={t('list.loadFailed')} onRetry={() => void query.refetch()} />;
  else if (reservations.length === 0)
    content = (
      <EmptyState
        icon={<ConfirmationNumberRoundedIcon />}
        title={t(`list.empty.${status}`)}
        description={status === 'any' ? t('list.emptyText') : t('list.emptyFiltered')}
        action={
          status === 'any' ? (
            <Button variant="contained" component={RouterLink} to={paths.events.getHref()}>
              {t('common:actions.browseEvents')}
            </Button>
          ) : (
            <Button onClick={() => setStatus('any')}>{t('list.showAll')}</Button>
          )
        }
      />
    );
  else
    content = (
      <>
        <Stack component="ul" spacing={2} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {reservations.map((reservation) => (
            <li key={reservation.id}>
              <ReservationListItem reservation={reservation} onCancel={setCancelling} onExpire={() => void query.refetch()} />
            </li>
          ))}
        </Stack>
        <LoadMore query={query} />
      </>
    );

  return (
    <Container maxWidth="md" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader title={t('common:nav.reservations')} description={t('list.description')} />
      <TextField
        select
        label={t('list.show')}
        value={status}
        onChange={(event) => setStatus(event.target.value as StatusFilter)}
        sx={{ mb: 3, minWidth: 220 }}
        size="small"
      >
        <MenuItem value="any">{t('list.all')}</MenuItem>
        {RESERVATION_STATUSES.map((value) => (
          <MenuItem key={value} value={value}>
            {reservationStatusLabel(value)}
          </MenuItem>
        ))}
      </TextField>
      <Box aria-busy={query.isFetching} sx={{ position: 'relative' }}>
        {query.isPlaceholderData && (
          <LinearProgress aria-label={t('list.updating')} sx={{ position: 'absolute', top: -8, left: 0, right: 0 }} />
        )}
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess ? countText(t, reservations.length, query.hasNextPage) : ''}
        </Typography>
        {content}
      </Box>
      {children}
      <ReceivedTickets />
      <CancelReservationDialog
        reservation={cancelling}
        onClose={() => setCancelling(null)}
        onDone={(cancelled) => {
          setCancelling(null);
          setNotice(
            cancelled.status === 'refunded' || cancelled.status === 'refund_pending'
              ? t('list.cancelledRefund', { code: cancelled.code })
              : t('list.cancelled', { code: cancelled.code }),
          );
        }}
      />
      <Snackbar
        open={notice !== null}
        message={notice}
        autoHideDuration={6000}
        onClose={() => setNotice(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Container>
  );
}
