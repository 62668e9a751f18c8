/**
 * "Add section": a section of rows × seats per row, all in one category, appended to the layout.
 * It sits inside the venue form, so it is a group of fields with its own button rather than a
 * nested form, and Enter in its fields adds the section instead of saving the venue.
 */
import { useState, type KeyboardEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddRoundedIcon from '@mui/icons-material/AddRounded';
import { useTranslation } from 'react-i18next';
import { CATALOG_LIMITS, type Layout } from '@iatichet/contracts';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatNumber } from '@/lib/format-money';
import { addSection, seatCount } from '../utils/layout-edit';

const MAX_ROWS = 500;
const MAX_SEATS_PER_ROW = 500;

interface LayoutGeneratorProps {
  layout: Layout | null;
  categories: readonly string[];
  onGenerate: (layout: Layout, message: string) => void;
}

function wholeNumber(text: string, max: number): number | null {
  const value = Number(text);
  return /^\d+$/.test(text.trim()) && value >= 1 && value <= max ? value : null;
}

export function LayoutGenerator({ layout, categories, onGenerate }: LayoutGeneratorProps) {
  const { t } = useTranslation('admin-catalog');
  const existing = layout?.sections.length ?? 0;
  const [name, setName] = useState('');
  const [rows, setRows] = useState('5');
  const [seatsPerRow, setSeatsPerRow] = useState('10');
  const [category, setCategory] = useState('standard');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const suggestedName = existing === 0 ? t('generator.firstName') : t('generator.nthName', { number: existing + 1 });

  function generate() {
    const found: Record<string, string> = {};
    const sectionName = (name.trim() === '' ? suggestedName : name).trim();
    if (layout?.sections.some((section) => section.name === sectionName))
      found.name = t('generator.duplicate', { name: sectionName });
    const rowCount = wholeNumber(rows, MAX_ROWS);
    const perRow = wholeNumber(seatsPerRow, MAX_SEATS_PER_ROW);
    if (rowCount === null) found.rows = t('generator.range', { max: MAX_ROWS });
    if (perRow === null) found.seatsPerRow = t('generator.range', { max: MAX_SEATS_PER_ROW });
    if (rowCount !== null && perRow !== null && seatCount(layout) + rowCount * perRow > CATALOG_LIMITS.seatsPerVenueMax)
      found.rows = t('generator.tooMany', { max: formatNumber(CATALOG_LIMITS.seatsPerVenueMax) });
    setErrors(found);
    if (Object.keys(found).length > 0 || rowCount === null || perRow === null) return;
    onGenerate(
      addSection(layout, { name: sectionName, rows: rowCount, seatsPerRow: perRow, category }),
      t('generator.added', { name: sectionName, count: rowCount, seats: perRow }),
    );
    setName('');
  }

  const onEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      generate();
    }
  };

  return (
    <Box role="group" aria-labelledby="generator-heading" sx={{ p: 2, borderRadius: 2.5, bgcolor: 'action.hover' }}>
      <Typography id="generator-heading" component="h3" variant="subtitle1" sx={{ fontWeight: 700, mb: 1.5 }}>
        {t('generator.title')}
      </Typography>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr 1fr', md: 'minmax(0, 1.5fr) minmax(0, 0.8fr) minmax(0, 0.8fr) minmax(0, 1.2fr) auto' },
          alignItems: 'start',
        }}
      >
        <TextField
          label={t('generator.sectionName')}
          value={name}
          placeholder={suggestedName}
          onChange={(event) => setName(event.target.value)}
          onKeyDown={onEnter}
          error={errors.name !== undefined}
          helperText={errors.name}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { maxLength: 60 } }}
          sx={{ gridColumn: { xs: '1 / -1', md: 'auto' } }}
        />
        <TextField
          label={t('generator.rows')}
          value={rows}
          onChange={(event) => setRows(event.target.value)}
          onKeyDown={onEnter}
          error={errors.rows !== undefined}
          helperText={errors.rows}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
        <TextField
          label={t('generator.seatsPerRow')}
          value={seatsPerRow}
          onChange={(event) => setSeatsPerRow(event.target.value)}
          onKeyDown={onEnter}
          error={errors.seatsPerRow !== undefined}
          helperText={errors.seatsPerRow}
          slotProps={{ htmlInput: { inputMode: 'numeric' } }}
        />
        <TextField
          select
          label={t('generator.category')}
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          sx={{ gridColumn: { xs: '1 / -1', md: 'auto' } }}
        >
          {categories.map((option) => (
            <MenuItem key={option} value={option}>
              {seatCategoryLabel(option)}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          startIcon={<AddRoundedIcon />}
          onClick={generate}
          sx={{ height: 56, gridColumn: { xs: '1 / -1', md: 'auto' } }}
        >
          {t('generator.add')}
        </Button>
      </Box>
    </Box>
  );
}
