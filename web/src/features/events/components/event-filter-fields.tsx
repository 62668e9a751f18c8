import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { CURRENCIES, EVENT_CATEGORIES } from '@iatichet/contracts';
import { categoryLabel, isEventCategory } from '@/lib/catalog-labels';
import type { Currency, EventSearch } from '../utils/event-search-params';

interface EventFilterFieldsProps {
  draft: EventSearch;
  errors: Record<string, string | undefined>;
  /** The form's state changed but nothing is searched yet (typing). */
  onDraft: (next: EventSearch) => void;
  /** Search with this now. */
  onApply: (next: EventSearch) => void;
}

const shrink = { inputLabel: { shrink: true } } as const;

/** Category, date range, price range and "only with tickets left". */
export function EventFilterFields({ draft, errors, onDraft, onApply }: EventFilterFieldsProps) {
  const { t } = useTranslation('events');
  const priceField = (name: 'minPrice' | 'maxPrice', label: string) => (
    <TextField
      name={name}
      label={label}
      value={draft[name]}
      onChange={(event) => onDraft({ ...draft, [name]: event.target.value })}
      onBlur={() => onApply(draft)}
      error={errors[name] !== undefined}
      helperText={errors[name]}
      placeholder={t('filters.any')}
      slotProps={{
        ...shrink,
        htmlInput: { inputMode: 'decimal', autoComplete: 'off' },
        input: { endAdornment: <InputAdornment position="end">{draft.currency}</InputAdornment> },
      }}
    />
  );
  const dateField = (name: 'from' | 'to', label: string) => (
    <TextField
      name={name}
      type="date"
      label={label}
      value={draft[name]}
      // A date input only reports a complete date (or '' when cleared), so it can apply at once.
      onChange={(event) => onApply({ ...draft, [name]: event.target.value })}
      error={errors[name] !== undefined}
      helperText={errors[name]}
      slotProps={{ ...shrink, htmlInput: { min: name === 'to' && draft.from !== '' ? draft.from : undefined } }}
    />
  );
  return (
    <Box
      sx={{
        display: 'grid',
        gridTemplateColumns: {
          xs: '1fr 1fr',
          md: 'repeat(3, minmax(0, 1fr))',
          lg: 'minmax(0, 1.2fr) repeat(4, minmax(0, 1fr)) minmax(0, 0.7fr) auto',
        },
        gap: 2,
        alignItems: 'start',
        pt: 2,
      }}
    >
      <TextField
        select
        name="category"
        label={t('filters.category')}
        value={draft.category}
        onChange={(event) => onApply({ ...draft, category: isEventCategory(event.target.value) ? event.target.value : '' })}
        slotProps={{ ...shrink, select: { displayEmpty: true } }}
        sx={{ gridColumn: { xs: '1 / -1', md: 'auto' } }}
      >
        <MenuItem value="">{t('filters.allCategories')}</MenuItem>
        {EVENT_CATEGORIES.map((category) => (
          <MenuItem key={category} value={category}>
            {categoryLabel(category)}
          </MenuItem>
        ))}
      </TextField>
      {dateField('from', t('filters.fromDate'))}
      {dateField('to', t('filters.toDate'))}
      {priceField('minPrice', t('filters.minPrice'))}
      {priceField('maxPrice', t('filters.maxPrice'))}
      <TextField
        select
        name="currency"
        label={t('filters.currency')}
        value={draft.currency}
        onChange={(event) => onApply({ ...draft, currency: event.target.value as Currency })}
        slotProps={shrink}
      >
        {CURRENCIES.map((currency) => (
          <MenuItem key={currency} value={currency}>
            {currency}
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Switch
            name="available"
            checked={draft.available}
            onChange={(event) => onApply({ ...draft, available: event.target.checked })}
          />
        }
        label={t('filters.available')}
        sx={{ gridColumn: { xs: '1 / -1', lg: 'auto' }, mr: 0, minHeight: 56, whiteSpace: 'nowrap' }}
      />
    </Box>
  );
}
