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

export function EventResults({ query, filtered, onClearFilters, headingLevel }: EventResultsProps) {
  const events = query.data?.pages.flatMap((page) => page.items) ?? [];
  const clearButton = <Button onClick={onClearFilters}>Clear filters</Button>;

  if (query.isPending) return <LoadingState variant="cards" cards={6} label="Loading events…" />;
  if (query.isError && isBadFilterError(query.error) && !query.isFetchNextPageError) {
    return (
      <Alert severity="warning" role="alert" action={clearButton} sx={{ alignItems: 'center' }}>
        <AlertTitle>These filters do not work together</AlertTitle>
        {isApiError(query.error) ? (query.error.detail ?? query.error.title) : null}
      </Alert>
    );
  }
  if (query.isError && query.data === undefined) {
    return <ErrorState error={query.error} title="We could not load the events" onRetry={() => void query.refetch()} />;
  }
  if (events.length === 0) {
    return filtered ? (
      <EmptyState
        icon={<EventBusyRoundedIcon />}
        headingLevel={headingLevel}
        title="No events match"
        description="Try another word, a wider date or price range, or clear the filters to see everything on sale."
        action={
          <Button variant="contained" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      />
    ) : (
      <EmptyState
        icon={<EventBusyRoundedIcon />}
        headingLevel={headingLevel}
        title="No events are on sale yet"
        description="New events appear here as soon as their organisers open ticket sales. Please check back soon."
      />
    );
  }
  return (
    <Box sx={{ position: 'relative' }} aria-busy={query.isFetching}>
      {query.isPlaceholderData && (
        <LinearProgress
          aria-label="Updating results"
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
          <ErrorState error={query.error} title="We could not load more events" onRetry={() => void query.fetchNextPage()} />
        </Box>
      )}
      <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 1, mt: 4 }}>
        {query.hasNextPage ? (
          <Button variant="outlined" size="large" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            Load more events
          </Button>
        ) : (
          events.length > 6 && (
            <Typography variant="body2" color="text.secondary">
              That is everything that matches.
            </Typography>
          )
        )}
      </Box>
    </Box>
  );
}
