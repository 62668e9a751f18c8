/**
 * /reservations/:id: one reservation, and its checkout while it waits for payment. Pending: the
 * countdown and the card form; paid: the confirmation and the tickets; otherwise what happened.
 * Stripe sends the buyer back here with `?payment=done` (confirmed by its webhook a moment later,
 * so the page asks again every 2 seconds) or `?payment=cancelled`.
 */
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

function titleFor(reservation: Reservation | undefined): string {
  if (reservation === undefined) return 'Reservation';
  if (reservation.status === 'pending_payment') return 'Checkout';
  if (reservation.status === 'paid') return 'Your tickets';
  return `Reservation ${reservation.code}`;
}

function ReservationNotFound() {
  return (
    <ErrorScreen
      icon={<ReceiptLongRoundedIcon />}
      title="We could not find this reservation"
      message="It may belong to another account, or the link may be incomplete. Your own reservations are all listed under My reservations."
      actions={
        <Button variant="contained" component={RouterLink} to={paths.reservations.getHref()}>
          My reservations
        </Button>
      }
    />
  );
}

export function ReservationPage() {
  const { id = '' } = useParams();
  const [searchParams] = useSearchParams();
  const returnedFromProvider = searchParams.get('payment');
  const query = useReservation(id, returnedFromProvider === 'done');
  const reservation = query.data;
  const [cancelling, setCancelling] = useState(false);
  const title = titleFor(reservation);
  useDocumentTitle(query.isError ? 'Reservation not found' : title);

  // Paid while the page was open (here, or by the provider's webhook): the confirmation takes focus.
  const [sawPending, setSawPending] = useState<string | null>(null);
  useEffect(() => {
    if (reservation?.status === 'pending_payment') setSawPending(reservation.id);
  }, [reservation?.status, reservation?.id]);
  const justPaid = reservation?.status === 'paid' && sawPending === reservation.id;

  if (query.isError && isApiError(query.error) && query.error.code === 'not_found') return <ReservationNotFound />;

  // A used ticket is never refunded (the server answers refund_not_allowed): no button that cannot work.
  const used = reservation?.tickets.some((t) => t.checkedInAt !== null) ?? false;
  const canCancel = reservation?.status === 'pending_payment' || (reservation?.status === 'paid' && !used);
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={title}
        breadcrumbs={[{ label: 'My reservations', href: paths.reservations.getHref() }]}
        description={
          reservation && (
            <Stack component="span" direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }} useFlexGap>
              <ReservationStatusChip status={reservation.status} />
              <span>Reservation {reservation.code}</span>
            </Stack>
          )
        }
      />
      {query.isPending && <LoadingState label="Loading your reservation…" />}
      {query.isError && (
        <ErrorState error={query.error} title="We could not load this reservation" onRetry={() => void query.refetch()} />
      )}
      {reservation && (
        <>
          {returnedFromProvider === 'done' && reservation.status === 'pending_payment' && (
            <Alert severity="info" role="status" sx={{ mb: 3 }}>
              Thank you. We are confirming your payment with the provider; this page updates by itself.
            </Alert>
          )}
          {returnedFromProvider === 'cancelled' && reservation.status === 'pending_payment' && (
            <Alert severity="info" sx={{ mb: 3 }}>
              The payment was not completed. Your tickets stay held until {formatTime(reservation.expiresAt)}: you can try again
              below.
            </Alert>
          )}
          {reservation.status === 'pending_payment' && (
            <CheckoutPanel reservation={reservation} onExpire={() => void query.refetch()} />
          )}
          {reservation.status === 'paid' && <PaidPanel reservation={reservation} justPaid={justPaid} />}
          {reservation.status !== 'pending_payment' && reservation.status !== 'paid' && <ClosedPanel reservation={reservation} />}
          {canCancel && (
            <Box sx={{ mt: 4 }}>
              <Button color="error" variant="text" onClick={() => setCancelling(true)}>
                {reservation.status === 'paid' ? 'Cancel and get a refund' : 'Cancel this reservation'}
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
