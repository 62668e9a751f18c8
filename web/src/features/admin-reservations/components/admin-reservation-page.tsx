/**
 * Admin > Reservations > one reservation: who booked what, and the organiser's actions on it: names
 * on the tickets, the note, more time to pay, an assisted payment, cancelling with or without a refund.
 * Every change is audited and the buyer is notified (by the server).
 */
import { useTranslation } from 'react-i18next';
import { TicketsTable } from '@/components/data-display/tickets-table';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import Box from '@mui/material/Box';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReservationStatusChip } from '@/components/data-display/reservation-status-chip';
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useAdminReservation } from '../api/get-admin-reservation';
import { AdminCancelDialog } from './admin-cancel-dialog';
import { AttendeeNamesForm } from './attendee-names-form';
import { ExtendHoldDialog } from './extend-hold-dialog';
import { MarkPaidDialog } from './mark-paid-dialog';
import { NoteForm } from './note-form';
import { ReservationFacts } from './reservation-facts';
import { hasAnswers, ReservationAnswers } from './reservation-answers';

type Action = 'mark-paid' | 'extend' | 'cancel';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-labelledby={id} sx={{ mt: 4 }}>
      <Typography id={id} component="h2" variant="h6" sx={{ mb: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

export function AdminReservationPage() {
  const { t } = useTranslation('admin-reservations');
  const { id = '' } = useParams();
  const query = useAdminReservation(id);
  const reservation = query.data;
  const [action, setAction] = useState<Action | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useDocumentTitle(reservation ? t('page.titleCode', { code: reservation.code }) : t('page.title'));
  const done = (message: string) => {
    setAction(null);
    setNotice(message);
  };
  const pending = reservation?.status === 'pending_payment';

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={reservation ? t('page.titleCode', { code: reservation.code }) : t('page.title')}
        breadcrumbs={[
          { label: t('common:nav.admin'), href: paths.admin.getHref() },
          { label: t('list.title'), href: paths.adminReservations.getHref() },
        ]}
        description={reservation && <ReservationStatusChip status={reservation.status} />}
      />
      {query.isPending && <LoadingState label={t('page.loading')} />}
      {query.isError && <ErrorState error={query.error} title={t('page.loadFailed')} onRetry={() => void query.refetch()} />}
      {reservation && (
        <>
          <Stack
            direction="row"
            spacing={1.5}
            useFlexGap
            sx={{ flexWrap: 'wrap', mb: 3 }}
            aria-label={t('page.actions')}
            role="group"
          >
            {pending && (
              <Button variant="contained" onClick={() => setAction('mark-paid')}>
                {t('markPaid.confirm')}
              </Button>
            )}
            {pending && (
              <Button variant="outlined" onClick={() => setAction('extend')}>
                {t('extend.confirm')}
              </Button>
            )}
            {(pending || reservation.status === 'paid') && (
              <Button variant="outlined" color="error" onClick={() => setAction('cancel')}>
                {reservation.status === 'paid' ? t('page.cancelOrRefund') : t('cancel.confirm')}
              </Button>
            )}
          </Stack>
          {reservation.status === 'refund_pending' && (
            <Alert severity="warning" sx={{ mb: 3 }}>
              {t('page.refundPending')}
            </Alert>
          )}
          <ReservationFacts reservation={reservation} onExpire={() => void query.refetch()} />
          <Section id="admin-tickets-heading" title={t('page.tickets')}>
            {/* Keyed by what the server holds, so a change saved elsewhere (or by another action) shows up here. */}
            {/* Names can change while the tickets can still be used; a closed reservation's are a record. */}
            {reservation.status === 'pending_payment' || reservation.status === 'paid' ? (
              <AttendeeNamesForm
                key={`${reservation.id}:${reservation.tickets.map((ticket) => ticket.attendeeName ?? '').join('\u0000')}`}
                reservation={reservation}
                onSaved={setNotice}
              />
            ) : (
              <TicketsTable tickets={reservation.tickets} />
            )}
          </Section>
          {hasAnswers(reservation) && (
            <Section id="admin-answers-heading" title={t('admin-questions:answersTitle')}>
              <ReservationAnswers reservation={reservation} />
            </Section>
          )}
          <Section id="admin-note-heading" title={t('note.title')}>
            <NoteForm key={`${reservation.id}:${reservation.note ?? ''}`} reservation={reservation} onSaved={setNotice} />
          </Section>
          <MarkPaidDialog reservation={reservation} open={action === 'mark-paid'} onClose={() => setAction(null)} onDone={done} />
          <ExtendHoldDialog
            key={reservation.expiresAt}
            reservation={reservation}
            open={action === 'extend'}
            onClose={() => setAction(null)}
            onDone={done}
          />
          <AdminCancelDialog reservation={reservation} open={action === 'cancel'} onClose={() => setAction(null)} onDone={done} />
        </>
      )}
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
