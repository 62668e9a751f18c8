import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { fieldErrorsByName } from '@/lib/error-messages';
import type { UseInfiniteQueryResult, InfiniteData } from '@tanstack/react-query';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import EventBusyRoundedIcon from '@mui/icons-material/EventBusyRounded';
import type { CatalogEvent, Page } from '@iatichet/contracts';
import { EmptyState, ErrorState, LoadingState } from '@/components/page-state';
import { isApiError } from '@/lib/api-error';
import { EventCard } from './event-card';

interface EventResultsProps {
  query: UseInfiniteQueryResult<InfiniteData<Page<CatalogEvent>>>;
  filtered: boolean;
  onClearFilters: () => void;
  headingLevel: 2 | 3;
}

/** A 400 answer to a search means the filters do not fit together (e.g. min price above max). */
export function isBadFilterError(error: unknown): boolean {
  return isApiError(error) && error.code === 'validation_failed';
}

/**
 * The server's complaint about a filter, as a sentence per field ("The lowest price is above the
 * highest."): its own text is written for developers ("minPrice cannot be above maxPrice").
 */
export function filterErrors(error: unknown, t: TFunction): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const name of Object.keys(fieldErrorsByName(error))) {
    if (name === 'minPrice' || name === 'maxPrice') byField[name] = t('filters.priceOrder');
    else if (name === 'from' || name === 'to') byField[name] = t('filters.dateOrder');
  }
  return byField;
}

function filterProblem(error: unknown, t: TFunction): string {
  const sentences = new Set(Object.values(filterErrors(error, t)));
  return sentences.size > 0 ? [...sentences].join(' ') : t('filters.invalid');
}

export function EventResults({ query, filtered, onClearFilters, headingLevel }: EventResultsProps) {
  const { t } = useTranslation('events');
  const events = query.data?.pages.flatMap((page) => page.items) ?? [];
  const clearButton = <Button onClick={onClearFilters}>{t('results.clear')}</Button>;

  if (query.isPending) return <LoadingState variant="cards" cards={6} label={t('results.loading')} />;
  if (query.isError && isBadFilterError(query.error) && !query.isFetchNextPageError) {
    return (
      <Alert severity="warning" role="alert" action={clearButton} sx={{ alignItems: 'center' }}>
        <AlertTitle>{t('filters.conflictTitle')}</AlertTitle>
        {filterProblem(query.error, t)}
      </Alert>
    );
  }
  if (query.isError && query.data === undefined) {
    return <ErrorState error={query.error} title={t('results.loadFailed')} onRetry={() => void query.refetch()} />;
  }
  if (events.length === 0) {
    return filtered ? (
      <EmptyState
        icon={<EventBusyRoundedIcon />}
        headingLevel={headingLevel}
        title={t('results.noneTitle')}
        description={t('results.noneText')}
        action={
          <Button variant="contained" onClick={onClearFilters}>
            {t('results.clear')}
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={<EventBusyRoundedIcon />}
        headingLevel={headingLevel}
        title={t('results.emptyTitle')}
        description={t('results.emptyText')}
      />
    );
  }
  return (
    <Box sx={{ position: 'relative' }} aria-busy={query.isFetching}>
      {query.isPlaceholderData && (
        <LinearProgress
          aria-label={t('results.updating')}
          sx={{ position: 'absolute', top: -12, left: 0, right: 0, borderRadius: 1 }}
        />
      )}
      <Grid
        component="ul"
        container
        spacing={3}
        sx={{ listStyle: 'none', p: 0, m: 0, opacity: query.isPlaceholderData ? 0.6 : 1 }}
      >
        {events.map((event) => (
          <Grid component="li" key={event.id} size={{ xs: 12, sm: 6, md: 4 }}>
            <EventCard event={event} headingLevel={headingLevel} />
          </Grid>
        ))}
      </Grid>
      {query.isFetchNextPageError && (
        <Box sx={{ mt: 3 }}>
          <ErrorState error={query.error} title={t('results.moreFailed')} onRetry={() => void query.fetchNextPage()} />
        </Box>
      )}
      <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 1, mt: 4 }}>
        {query.hasNextPage ? (
          <Button variant="outlined" size="large" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('results.loadMore')}
          </Button>
        ) : (
          events.length > 6 && (
            <Typography variant="body2" color="text.secondary">
              {t('results.end')}
            </Typography>
          )
        )}
      </Box>
    </Box>
  );
}
