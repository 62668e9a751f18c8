/**
 * What to do with the selected seats: paint a category, mark wheelchair places and companion
 * seats, or take them out (an aisle; the numbers around it stay).
 */
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { LayoutSeat } from '@iatichet/contracts';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatNumber } from '@/lib/format-money';

interface DrawingSelectionBarProps {
  count: number;
  categories: readonly string[];
  /** `null` from `change` takes the seat away. */
  onChange: (change: (seat: LayoutSeat) => LayoutSeat | null, message: string, removes?: boolean) => void;
  onClear: () => void;
}

export function DrawingSelectionBar({ count, categories, onChange, onClear }: DrawingSelectionBarProps) {
  const { t } = useTranslation('venue-editor');
  const [category, setCategory] = useState(categories[0] ?? 'standard');
  const seats = t('selection.seats', { count, number: formatNumber(count) });
  const accessible = (value: LayoutSeat['accessible']) => (seat: LayoutSeat) => {
    const { accessible: _old, ...rest } = seat;
    return value === null || value === undefined ? rest : { ...rest, accessible: value };
  };

  return (
    <Box role="group" aria-label={t('selection.label')} sx={{ p: 2, borderRadius: 2.5, border: 1, borderColor: 'primary.main' }}>
      <Typography variant="subtitle2" sx={{ mb: 1.5 }}>
        {t('selection.selected', { seats })}
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1, alignItems: 'center' }}>
        <TextField
          select
          size="small"
          label={t('selection.category')}
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          sx={{ minWidth: 160 }}
        >
          {categories.map((option) => (
            <MenuItem key={option} value={option}>
              {seatCategoryLabel(option)}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          onClick={() =>
            onChange((seat) => ({ ...seat, category }), t('selection.painted', { seats, category: seatCategoryLabel(category) }))
          }
        >
          {t('selection.paint')}
        </Button>
        <Button variant="outlined" onClick={() => onChange(accessible('wheelchair'), t('selection.markedWheelchair', { seats }))}>
          {t('selection.wheelchair')}
        </Button>
        <Button variant="outlined" onClick={() => onChange(accessible('companion'), t('selection.markedCompanion', { seats }))}>
          {t('selection.companion')}
        </Button>
        <Button onClick={() => onChange(accessible(null), t('selection.unmarked', { seats }))}>
          {t('selection.clearAccessible')}
        </Button>
        <Button color="error" onClick={() => onChange(() => null, t('selection.removed', { seats }), true)}>
          {t('selection.remove')}
        </Button>
        <Button onClick={onClear}>{t('selection.clear')}</Button>
      </Stack>
    </Box>
  );
}
