/**
 * Admin > Reservations: find any booking by code, buyer or attendee name, event and status. The
 * filters live in the address (so a filtered list can be linked to); the search box writes to it
 * once typing pauses. A row's code opens the reservation and its actions.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import ReceiptLongRoundedIcon from '@mui/icons-material/ReceiptLongRounded';
import { RESERVATION_STATUSES, type ReservationStatus } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadMore, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useAdminReservations, type AdminReservationFilters as Filters } from '../api/get-admin-reservations';
import { AdminReservationsTable } from './admin-reservations-table';
import { ReservationFilters } from './reservation-filters';

function statusFrom(value: string | null): ReservationStatus | 'any' {
  return RESERVATION_STATUSES.find((status) => status === value) ?? 'any';
}

function countText(t: TFunction, shown: number, more: boolean): string {
  return t(more ? 'list.countMore' : 'list.count', { count: shown });
}

export function AdminReservationsPage() {
  const { t } = useTranslation('admin-reservations');
  useDocumentTitle(t('list.title'));
  const [searchParams, setSearchParams] = useSearchParams();
  const fromUrl: Filters = {
    eventId: searchParams.get('eventId') ?? '',
    status: statusFrom(searchParams.get('status')),
    q: searchParams.get('q') ?? '',
    questionId: searchParams.get('questionId') ?? '',
    answer: searchParams.get('answer') ?? '',
  };
  const [q, setQ] = useState(fromUrl.q);
  const debouncedQ = useDebouncedValue(q);
  const filters: Filters = { ...fromUrl, q };

  function writeUrl(next: Filters) {
    const href = paths.adminReservations.getHref({
      eventId: next.eventId,
      status: next.status === 'any' ? undefined : next.status,
      q: next.q.trim(),
      // A question belongs to one event: choosing another event drops it.
      questionId: next.eventId === '' ? undefined : next.questionId,
      answer: next.answer,
    });
    setSearchParams(new URLSearchParams(href.split('?')[1] ?? ''), { replace: true });
  }

  useEffect(() => {
    if (debouncedQ.trim() !== fromUrl.q.trim()) writeUrl({ ...fromUrl, q: debouncedQ });
    // Only a pause in typing writes the search to the address; the other filters write at once.
  }, [debouncedQ]);

  const query = useAdminReservations({ ...fromUrl, q: debouncedQ });
  const reservations = query.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered =
    fromUrl.eventId !== '' ||
    fromUrl.status !== 'any' ||
    debouncedQ.trim() !== '' ||
    fromUrl.questionId !== '' ||
    fromUrl.answer !== '';
  const clear = () => {
    setQ('');
    writeUrl({ eventId: '', status: 'any', q: '', questionId: '', answer: '' });
  };

  let content;
  if (query.isPending) content = <LoadingState label={t('list.loading')} />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title={t('list.loadFailed')} onRetry={() => void query.refetch()} />;
  else if (reservations.length === 0)
    content = (
      <EmptyState
        icon={<ReceiptLongRoundedIcon />}
        title={filtered ? t('list.emptyFiltered') : t('list.empty')}
        description={filtered ? t('list.emptyFilteredText') : t('list.emptyText')}
        action={filtered && <Button onClick={clear}>{t('list.clear')}</Button>}
      />
    );
  else
    content = (
      <>
        <AdminReservationsTable reservations={reservations} />
        <LoadMore query={query} />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={t('list.title')}
        description={t('list.description')}
        breadcrumbs={[{ label: t('common:nav.admin'), href: paths.admin.getHref() }]}
      />
      <ReservationFilters
        value={filters}
        onChange={(next) => {
          setQ(next.q);
          const answerChanged = next.questionId !== fromUrl.questionId || next.answer !== fromUrl.answer;
          if (next.eventId !== fromUrl.eventId || next.status !== fromUrl.status || answerChanged)
            writeUrl({ ...next, q: debouncedQ, questionId: next.eventId === fromUrl.eventId ? next.questionId : '' });
        }}
      />
      <Box aria-busy={query.isFetching} sx={{ position: 'relative' }}>
        {query.isPlaceholderData && (
          <LinearProgress aria-label={t('list.updating')} sx={{ position: 'absolute', top: -8, left: 0, right: 0 }} />
        )}
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess ? countText(t, reservations.length, query.hasNextPage) : ''}
        </Typography>
        {content}
      </Box>
    </Container>
  );
}
