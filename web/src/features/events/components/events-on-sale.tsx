/**
 * The events visitors can buy tickets for: a keyword search with filters and a sort, all kept in
 * the address bar, and the matching events as cards, a page at a time. Used on the home page and
 * on /events.
 */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { EVENT_SORTS, type EventSort } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
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
import { EventResults, filterErrors, isBadFilterError } from './event-results';
import { EventSearchForm } from './event-search-form';

const SORT_KEYS: Record<EventSort, string> = {
  relevance: 'sort.relevance',
  startsAt: 'sort.startsAt',
  '-startsAt': 'sort.latest',
  price: 'sort.price',
  '-price': 'sort.highestPrice',
};

function countText(t: TFunction, shown: number, more: boolean): string {
  if (shown === 0) return t('results.noneCount');
  return more ? t('results.countMore', { count: shown }) : t('results.count', { count: shown });
}

export function EventsOnSale({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('events');
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => parseEventSearch(params), [params]);
  const query = useEvents(toEventListQuery(search));

  function apply(next: EventSearch) {
    const nextParams = eventSearchToParams(next);
    if (nextParams.toString() === eventSearchToParams(search).toString()) return;
    // Keep the reader where they are: a new filter is not a new page to scroll to the top of.
    setParams(nextParams, { preventScrollReset: true });
  }

  const serverErrors = query.isError && isBadFilterError(query.error) ? filterErrors(query.error, t) : {};
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
          {query.isSuccess ? countText(t, shown, query.hasNextPage) : ' '}
        </Typography>
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess && !query.isPlaceholderData ? countText(t, shown, query.hasNextPage) : ''}
        </Typography>
        <TextField
          select
          size="small"
          label={t('sort.label')}
          value={effectiveSort(search)}
          onChange={(event) => apply({ ...search, sort: event.target.value as EventSort })}
          sx={{ minWidth: 180 }}
        >
          {sorts.map((sort) => (
            <MenuItem key={sort} value={sort}>
              {t(SORT_KEYS[sort])}
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
