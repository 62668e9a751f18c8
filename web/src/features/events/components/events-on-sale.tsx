/**
 * The events visitors can buy tickets for: a keyword search with filters and a sort, all kept in
 * the address bar, and the matching events as cards, a page at a time. Used on the home page and
 * on /events.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { EVENT_SORTS, type EventSort } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { fieldErrorsByName } from '@/lib/error-messages';
import { useEvents } from '../api/get-events';
import {
  EMPTY_SEARCH,
  effectiveSort,
  eventSearchToParams,
  isFiltered,
  parseEventSearch,
  toEventListQuery,
  type EventSearch,
} from '../utils/event-search-params';
import { EventResults, isBadFilterError } from './event-results';
import { EventSearchForm } from './event-search-form';

const SORT_LABELS: Record<EventSort, string> = {
  relevance: 'Best match',
  startsAt: 'Soonest first',
  '-startsAt': 'Latest first',
  price: 'Lowest price',
  '-price': 'Highest price',
};

function countText(shown: number, more: boolean): string {
  if (shown === 0) return 'No events match.';
  return `${shown} ${shown === 1 ? 'event' : 'events'}${more ? ' shown, more available' : ''}`;
}

export function EventsOnSale({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseEventSearch(params), [params]);
  const query = useEvents(toEventListQuery(search));

  function apply(next: EventSearch) {
    const nextParams = eventSearchToParams(next);
    if (nextParams.toString() === eventSearchToParams(search).toString()) return;
    // Keep the reader where they are: a new filter is not a new page to scroll to the top of.
    setParams(nextParams, { preventScrollReset: true });
  }

  const serverErrors = query.isError && isBadFilterError(query.error) ? fieldErrorsByName(query.error) : {};
  const shown = query.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
  const sorts = EVENT_SORTS.filter((sort) => sort !== 'relevance' || search.q !== '');

  return (
    <Box>
      <EventSearchForm value={search} onApply={apply} serverErrors={serverErrors} />
      <Stack
        direction="row"
        spacing={2}
        sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 2.5, flexWrap: 'wrap' }}
      >
        <Typography color="text.secondary" aria-hidden="true">
          {query.isSuccess ? countText(shown, query.hasNextPage) : ' '}
        </Typography>
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess && !query.isPlaceholderData ? countText(shown, query.hasNextPage) : ''}
        </Typography>
        <TextField
          select
          size="small"
          label="Sort by"
          value={effectiveSort(search)}
          onChange={(event) => apply({ ...search, sort: event.target.value as EventSort })}
          sx={{ minWidth: 180 }}
        >
          {sorts.map((sort) => (
            <MenuItem key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <EventResults
        query={query}
        filtered={isFiltered(search)}
        onClearFilters={() => apply(EMPTY_SEARCH)}
        headingLevel={headingLevel}
      />
    </Box>
  );
}
