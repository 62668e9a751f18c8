/**
 * /reservations/:id: one reservation, and its checkout while it waits for payment. Pending: the
 * countdown and the card form; paid: the confirmation and the tickets; otherwise what happened.
 * Stripe sends the buyer back here with `?payment=done` (confirmed by its webhook a moment later,
 * so the page asks again every 2 seconds) or `?payment=cancelled`.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { eventTimeZone } from '@/lib/format-event-time';
import { useEffect, useState } from 'react';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Stack from '@mui/material/Stack';
import ReceiptLongRoundedIcon from '@mui/icons-material/ReceiptLongRounded';
import type { Reservation } from '@iatichet/contracts';
import { ReservationStatusChip } from '@/components/data-display/reservation-status-chip';
import { ErrorScreen } from '@/components/errors/error-screen';
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-error';
import { formatTime } from '@/lib/format-date';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useReservation } from '../api/get-reservation';
import { CancelReservationDialog } from './cancel-reservation-dialog';
import { CheckoutPanel } from './checkout-panel';
import { ClosedPanel } from './closed-panel';
import { PaidPanel } from './paid-panel';
import { ReservationAnswers } from './reservation-answers';

function titleFor(reservation: Reservation | undefined, t: TFunction): string {
  if (reservation === undefined) return t('page.title');
  if (reservation.status === 'pending_payment') return t('page.checkout');
  if (reservation.status === 'paid') return t('page.yourTickets');
  return t('page.titleCode', { code: reservation.code });
}

function ReservationNotFound() {
  const { t } = useTranslation('reservations');
  return (
    <ErrorScreen
      icon={<ReceiptLongRoundedIcon />}
      title={t('page.notFoundTitle')}
      message={t('page.notFoundText')}
      actions={
        <Button variant="contained" component={RouterLink} to={paths.reservations.getHref()}>
          {t('common:nav.reservations')}
        </Button>
      }
    />
  );
}

export function ReservationPage() {
  const { t } = useTranslation('reservations');
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const returnedFromProvider = searchParams.get('payment');
  const query = useReservation(id, returnedFromProvider === 'done');
  const reservation = query.data;
  const [cancelling, setCancelling] = useState(false);
  const title = titleFor(reservation, t);
  useDocumentTitle(query.isError ? t('page.notFoundDocTitle') : title);

  // Paid while the page was open (here, or by the provider's webhook): the confirmation takes focus.
  const [sawPending, setSawPending] = useState<string | null>(null);
  useEffect(() => {
    if (reservation?.status === 'pending_payment') setSawPending(reservation.id);
  }, [reservation?.status, reservation?.id]);
  const justPaid = reservation?.status === 'paid' && sawPending === reservation.id;

  if (query.isError && isApiError(query.error) && query.error.code === 'not_found') return <ReservationNotFound />;

  // A used ticket is never refunded (the server answers refund_not_allowed): no button that cannot work.
  const used = reservation?.tickets.some((ticket) => ticket.checkedInAt !== null) ?? false;
  const canCancel = reservation?.status === 'pending_payment' || (reservation?.status === 'paid' && !used);
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={title}
        breadcrumbs={[{ label: t('common:nav.reservations'), href: paths.reservations.getHref() }]}
        description={
          reservation && (
            <Stack component="span" direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
              <ReservationStatusChip status={reservation.status} />
              <span>{t('page.titleCode', { code: reservation.code })}</span>
            </Stack>
          )
        }
      />
      {query.isPending && <LoadingState label={t('page.loading')} />}
      {query.isError && <ErrorState error={query.error} title={t('page.loadFailed')} onRetry={() => void query.refetch()} />}
      {reservation && (
        <>
          {returnedFromProvider === 'done' && reservation.status === 'pending_payment' && (
            <Alert severity="info" role="status" sx={{ mb: 3 }}>
              {t('page.confirming')}
            </Alert>
          )}
          {returnedFromProvider === 'cancelled' && reservation.status === 'pending_payment' && (
            <Alert severity="info" sx={{ mb: 3 }}>
              {t('page.paymentCancelled', { time: formatTime(reservation.expiresAt, eventTimeZone(reservation.event)) })}
            </Alert>
          )}
          {reservation.status === 'pending_payment' && (
            <CheckoutPanel reservation={reservation} onExpire={() => void query.refetch()} />
          )}
          {reservation.status === 'paid' && <PaidPanel reservation={reservation} justPaid={justPaid} />}
          {reservation.status !== 'pending_payment' && reservation.status !== 'paid' && <ClosedPanel reservation={reservation} />}
          <ReservationAnswers reservation={reservation} />
          {canCancel && (
            <Box sx={{ mt: 4 }}>
              <Button color="error" variant="text" onClick={() => setCancelling(true)}>
                {reservation.status === 'paid' ? t('page.cancelPaid') : t('page.cancelPending')}
              </Button>
            </Box>
          )}
          <CancelReservationDialog
            reservation={cancelling ? reservation : null}
            onClose={() => setCancelling(false)}
            onDone={() => setCancelling(false)}
          />
        </>
      )}
    </Container>
  );
}
