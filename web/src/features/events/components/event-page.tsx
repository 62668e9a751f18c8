/**
 * /events/:id: everything about one event and the place to choose tickets. The description is
 * shown as plain text (line breaks kept), never as HTML: it is typed by admins and read by everyone.
 */
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import type { CatalogEvent } from '@iatichet/contracts';
import { Link as RouterLink, useParams, useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Container from '@mui/material/Container';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ArrowBackRoundedIcon from '@mui/icons-material/ArrowBackRounded';
import EventBusyRoundedIcon from '@mui/icons-material/EventBusyRounded';
import { EventPoster } from '@/components/data-display/event-poster';
import { ErrorScreen } from '@/components/errors/error-screen';
import { ErrorState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-error';
import { categoryLabel } from '@/lib/catalog-labels';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useEvent, useEventWithCode } from '../api/get-event';
import { CodeField } from './code-field';
import { useLiveEvent } from '../api/use-live-event';
import { EventFacts } from './event-facts';
import { LiveViewers } from './live-viewers';
import { TicketSelectionForm } from './ticket-selection-form';
import type { ReserveHandler } from './use-reserve';

function EventPageSkeleton() {
  const { t } = useTranslation('events');
  return (
    <Box role="status" aria-label={t('page.loading')}>
      <Grid container spacing={{ xs: 3, md: 5 }}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Skeleton variant="rounded" sx={{ aspectRatio: '16 / 9', height: 'auto' }} />
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Skeleton width="30%" />
          <Skeleton variant="text" sx={{ fontSize: '2.5rem' }} />
          <Skeleton width="70%" />
          <Skeleton width="60%" />
          <Skeleton variant="rounded" height={120} sx={{ mt: 3 }} />
        </Grid>
      </Grid>
    </Box>
  );
}

function EventNotFound() {
  const { t } = useTranslation('events');
  return (
    <ErrorScreen
      icon={<EventBusyRoundedIcon />}
      title={t('page.notFoundTitle')}
      message={t('page.notFoundText')}
      actions={
        <Button variant="contained" component={RouterLink} to={paths.events.getHref()}>
          {t('common:actions.browseEvents')}
        </Button>
      }
    />
  );
}

interface EventPageProps {
  /** "Reserve": the reservations flow, handed in by the route (features do not import each other). */
  onReserve?: ReserveHandler;
  /** Shown under the tickets (the waiting list for sold-out types), handed in by the route. */
  afterTickets?: (event: CatalogEvent) => ReactNode;
  /** Shown above the tickets (the way into the waiting room), handed in by the route. */
  beforeTickets?: (event: CatalogEvent) => ReactNode;
}

export function EventPage({ onReserve, afterTickets, beforeTickets }: EventPageProps) {
  const { id = '' } = useParams();
  const query = useEvent(id);
  const viewers = useLiveEvent(id);
  // The applied code is the URL's (`?code=`): an organizer's link applies it, a reload keeps it.
  const [searchParams, setSearchParams] = useSearchParams();
  const code = searchParams.get('code');
  const coded = useEventWithCode(id, code);
  const codeStatus =
    code === null || code === ''
      ? 'idle'
      : coded.isSuccess
        ? 'applied'
        : coded.isError
          ? isApiError(coded.error) && coded.error.code === 'code_invalid'
            ? 'invalid'
            : 'failed'
          : 'checking';
  // With an applied code the event is read as the code shows it; otherwise (or while it is being
  // checked, or refused) as everyone sees it.
  const event = codeStatus === 'applied' ? coded.data : query.data;
  const applyCode = (next: string | null) =>
    setSearchParams(
      (params) => {
        const updated = new URLSearchParams(params);
        if (next === null) updated.delete('code');
        else updated.set('code', next);
        return updated;
      },
      { replace: true },
    );
  const { t } = useTranslation('events');
  useDocumentTitle(query.data?.title ?? (query.isError ? t('page.notFoundDocTitle') : t('page.docTitle')));

  if (query.isError && isApiError(query.error) && query.error.code === 'not_found') return <EventNotFound />;

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 3, md: 5 } }}>
      <Link
        component={RouterLink}
        to={paths.events.getHref()}
        sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, mb: 3, fontWeight: 600 }}
      >
        <ArrowBackRoundedIcon aria-hidden="true" fontSize="small" />
        {t('page.allEvents')}
      </Link>
      {query.isPending && <EventPageSkeleton />}
      {query.isError && <ErrorState error={query.error} title={t('page.loadFailed')} onRetry={() => void query.refetch()} />}
      {query.isSuccess && (
        <>
          <Grid container spacing={{ xs: 3, md: 5 }} component="article" aria-labelledby="event-title">
            {/* On a phone the facts (and the price) come first and the poster after them. */}
            <Grid size={{ xs: 12, md: 6 }} sx={{ order: { xs: 2, md: 1 } }}>
              <EventPoster
                posterUrl={query.data.posterUrl}
                category={query.data.category}
                alt={t('page.posterAlt', { title: query.data.title })}
                sizes="(min-width: 900px) 600px, 100vw"
                rounded
              />
            </Grid>
            <Grid size={{ xs: 12, md: 6 }} sx={{ order: { xs: 1, md: 2 } }}>
              <Stack spacing={2}>
                <Box>
                  <Chip
                    label={categoryLabel(query.data.category)}
                    size="small"
                    color="primary"
                    variant="outlined"
                    sx={{ fontWeight: 700 }}
                  />
                </Box>
                <Typography id="event-title" component="h1" variant="h3" sx={{ fontSize: { xs: '2rem', md: '2.6rem' } }}>
                  {query.data.title}
                </Typography>
                <EventFacts event={query.data} />
                {/* A phone's first screen ends about here: the way down to the tickets, in reach. */}
                <Button
                  href="#tickets-heading"
                  variant="contained"
                  color="secondary"
                  size="large"
                  sx={{ display: { xs: 'inline-flex', md: 'none' }, alignSelf: 'stretch' }}
                >
                  {query.data.seating === 'reserved' ? t('page.chooseSeats') : t('page.chooseTickets')}
                </Button>
                <LiveViewers count={viewers} />
                {query.data.description.trim() !== '' && (
                  <Box component="section" aria-labelledby="about-heading" sx={{ pt: 1 }}>
                    <Typography id="about-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
                      {t('page.about')}
                    </Typography>
                    <Typography sx={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{query.data.description}</Typography>
                  </Box>
                )}
              </Stack>
            </Grid>
          </Grid>
          <Box component="section" aria-labelledby="tickets-heading" sx={{ mt: { xs: 5, md: 7 } }}>
            <Typography id="tickets-heading" component="h2" variant="h4" sx={{ mb: 2.5 }}>
              {query.data.seating === 'reserved' ? t('page.chooseSeats') : t('page.tickets')}
            </Typography>
            {beforeTickets?.(query.data)}
            <CodeField key={code ?? ''} code={code} status={codeStatus} onApply={applyCode} />
            <TicketSelectionForm
              key={query.data.id}
              event={event ?? query.data}
              onReserve={onReserve}
              code={codeStatus === 'applied' ? (code ?? undefined) : undefined}
            />
            {afterTickets?.(query.data)}
          </Box>
        </>
      )}
    </Container>
  );
}
