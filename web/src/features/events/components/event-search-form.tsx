/**
 * The keyword box and the filters. Choices (category, dates, "tickets left") apply at once; typed
 * text (keyword, prices) applies on Enter, the Search button, or leaving a price field. On a phone
 * the filters fold away behind a "Filters" button that shows how many are set.
 */
import { useTranslation } from 'react-i18next';
import { useEffect, useState, type SubmitEvent } from 'react';
import Badge from '@mui/material/Badge';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import SearchRoundedIcon from '@mui/icons-material/SearchRounded';
import TuneRoundedIcon from '@mui/icons-material/TuneRounded';
import { centsFromUnits } from '@/lib/format-money';
import { activeFilterCount, type EventSearch } from '../utils/event-search-params';
import { EventFilterFields } from './event-filter-fields';

const FILTERS_ID = 'event-filters';
const PRICE_PAUSE_MS = 600;

interface EventSearchFormProps {
  value: EventSearch;
  onApply: (next: EventSearch) => void;
  /** Field errors from the server's last answer, keyed by filter name (minPrice, from, ...). */
  serverErrors: Record<string, string>;
}

export function EventSearchForm({ value, onApply, serverErrors }: EventSearchFormProps) {
  const { t } = useTranslation('events');
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'));
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(value);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  // The URL changed (Back, a shared link, "Clear filters"): the form shows what it now says.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
    setClientErrors({});
  }

  function apply(next: EventSearch) {
    setDraft(next);
    const found: Record<string, string> = {};
    for (const name of ['minPrice', 'maxPrice'] as const) {
      if (next[name] !== '' && centsFromUnits(next[name]) === null) found[name] = t('filters.amountFormat');
    }
    setClientErrors(found);
    if (Object.keys(found).length === 0) onApply({ ...next, q: next.q.trim() });
  }

  // A typed price applies once typing pauses, as the other filters apply at once: waiting for the
  // field to lose focus left a buyer looking at results for the old price.
  useEffect(() => {
    if (draft.minPrice === value.minPrice && draft.maxPrice === value.maxPrice) return;
    const timer = setTimeout(() => {
      const found: Record<string, string> = {};
      for (const name of ['minPrice', 'maxPrice'] as const) {
        if (draft[name] !== '' && centsFromUnits(draft[name]) === null) found[name] = t('filters.amountFormat');
      }
      setClientErrors(found);
      if (Object.keys(found).length === 0) onApply({ ...value, minPrice: draft.minPrice, maxPrice: draft.maxPrice });
    }, PRICE_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [draft.minPrice, draft.maxPrice, value, onApply, t]);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    apply(draft);
  }

  const count = activeFilterCount(value);
  const errors = { ...serverErrors, ...clientErrors };
  return (
    <Box component="form" role="search" aria-label={t('search.label')} noValidate onSubmit={handleSubmit} sx={{ mb: 3 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <TextField
          name="q"
          type="search"
          label={t('search.label')}
          placeholder={t('search.placeholder')}
          value={draft.q}
          onChange={(event) => setDraft({ ...draft, q: event.target.value })}
          fullWidth
          slotProps={{
            htmlInput: { maxLength: 200, enterKeyHint: 'search' },
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchRoundedIcon aria-hidden="true" />
                </InputAdornment>
              ),
            },
          }}
        />
        <Button type="submit" variant="contained" size="large" sx={{ flexShrink: 0, height: 56, borderRadius: 2.5 }}>
          {t('search.submit')}
        </Button>
      </Stack>
      {!wide && (
        <Button
          variant="text"
          startIcon={
            <Badge badgeContent={count} color="secondary">
              <TuneRoundedIcon aria-hidden="true" />
            </Badge>
          }
          aria-expanded={open}
          aria-controls={FILTERS_ID}
          onClick={() => setOpen(!open)}
          sx={{ mt: 1, ml: -1 }}
        >
          {open ? t('search.hideFilters') : count > 0 ? t('search.filtersSet', { count }) : t('search.filters')}
        </Button>
      )}
      <Collapse in={wide || open} id={FILTERS_ID}>
        <EventFilterFields draft={draft} errors={errors} onDraft={setDraft} onApply={apply} />
      </Collapse>
    </Box>
  );
}
