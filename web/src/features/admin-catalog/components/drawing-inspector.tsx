/**
 * The selected section's settings: rows and seats per row, curve, angle and numbering for seated
 * blocks, seats for a table, capacity and size for a standing area. Edits are a draft until Apply
 * (or Enter), so one change is one undo step and a half-typed number never redraws the venue.
 */
import { useState, type KeyboardEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { CATALOG_LIMITS } from '@iatichet/contracts';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatNumber } from '@/lib/format-money';
import { NUMBERINGS, type Numbering, type SectionSpec } from '../utils/drawing-geometry';

const MAX_ROWS = 500;
const MAX_SEATS_PER_ROW = 500;

interface DrawingInspectorProps {
  spec: SectionSpec;
  categories: readonly string[];
  /** Section names already used by the other sections. */
  otherNames: readonly string[];
  /** Seats in the other sections, for the venue's limit. */
  otherSeats: number;
  onApply: (spec: SectionSpec) => void;
  onDelete: () => void;
  onSelectSeats: () => void;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const value = Number(text);
  return /^\d+$/.test(text.trim()) && value >= min && value <= max ? value : null;
}

function decimal(text: string, min: number, max: number): number | null {
  const value = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(value) && value >= min && value <= max ? value : null;
}

export function DrawingInspector({
  spec,
  categories,
  otherNames,
  otherSeats,
  onApply,
  onDelete,
  onSelectSeats,
}: DrawingInspectorProps) {
  const { t } = useTranslation('venue-editor');
  const [name, setName] = useState(spec.name);
  const [rows, setRows] = useState(String(spec.rowCounts.length));
  const [perRow, setPerRow] = useState(
    spec.rowCounts.length === 0
      ? '10'
      : [...new Set(spec.rowCounts)].length === 1
        ? String(spec.rowCounts[0])
        : spec.rowCounts.join(', '),
  );
  const [curve, setCurve] = useState(String(spec.draw.curve));
  const [angle, setAngle] = useState(String(spec.draw.angle));
  const [spacing, setSpacing] = useState(String(spec.draw.seatSpacing));
  const [numbering, setNumbering] = useState<Numbering>(spec.draw.numbering);
  const [category, setCategory] = useState(spec.category);
  const [capacity, setCapacity] = useState(String(spec.capacity ?? 100));
  const [width, setWidth] = useState(String(spec.draw.width ?? 200));
  const [height, setHeight] = useState(String(spec.draw.height ?? 100));
  const [errors, setErrors] = useState<Record<string, string>>({});

  function apply() {
    const found: Record<string, string> = {};
    const trimmed = name.trim();
    if (trimmed === '') found.name = t('inspector.errors.name');
    else if (otherNames.includes(trimmed)) found.name = t('inspector.errors.duplicate', { name: trimmed });
    const rowCount = spec.shape === 'rows' ? wholeNumber(rows, 1, MAX_ROWS) : 1;
    if (rowCount === null) found.rows = t('inspector.errors.range', { min: 1, max: MAX_ROWS });
    const counts = perRow
      .split(/[,;\s]+/)
      .filter((part) => part !== '')
      .map((part) => wholeNumber(part, 1, MAX_SEATS_PER_ROW));
    if (spec.shape !== 'standing' && (counts.length === 0 || counts.includes(null)))
      found.perRow = t('inspector.errors.range', { min: 1, max: MAX_SEATS_PER_ROW });
    const numbers = {
      curve: decimal(curve, 0, 180),
      angle: decimal(angle, -360, 360),
      spacing: decimal(spacing, 1, 100),
      capacity: wholeNumber(capacity, 1, CATALOG_LIMITS.capacityMax),
      width: decimal(width, 10, 1000),
      height: decimal(height, 10, 1000),
    };
    if (spec.shape === 'rows' && numbers.curve === null) found.curve = t('inspector.errors.range', { min: 0, max: 180 });
    if (numbers.angle === null) found.angle = t('inspector.errors.range', { min: -360, max: 360 });
    if (spec.shape !== 'standing' && numbers.spacing === null) found.spacing = t('inspector.errors.range', { min: 1, max: 100 });
    if (spec.shape === 'standing') {
      if (numbers.capacity === null)
        found.capacity = t('inspector.errors.range', { min: 1, max: formatNumber(CATALOG_LIMITS.capacityMax) });
      if (numbers.width === null) found.width = t('inspector.errors.range', { min: 10, max: 1000 });
      if (numbers.height === null) found.height = t('inspector.errors.range', { min: 10, max: 1000 });
    }
    // Fewer counts than rows: the last count goes on for the remaining rows.
    const rowCounts =
      spec.shape === 'standing' || rowCount === null || counts.includes(null)
        ? []
        : Array.from({ length: rowCount }, (_, r) => counts[Math.min(r, counts.length - 1)] ?? 1);
    const total = otherSeats + rowCounts.reduce((sum, count) => sum + count, 0);
    if (total > CATALOG_LIMITS.seatsPerVenueMax)
      found.perRow = t('inspector.errors.tooMany', { max: formatNumber(CATALOG_LIMITS.seatsPerVenueMax) });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    onApply({
      ...spec,
      name: trimmed,
      rowCounts,
      category,
      ...(spec.shape === 'standing' ? { capacity: numbers.capacity ?? 1 } : {}),
      draw: {
        ...spec.draw,
        angle: numbers.angle ?? 0,
        curve: spec.shape === 'rows' ? (numbers.curve ?? 0) : 0,
        seatSpacing: numbers.spacing ?? spec.draw.seatSpacing,
        numbering: spec.shape === 'rows' ? numbering : 'ltr',
        ...(spec.shape === 'standing' ? { width: numbers.width ?? 200, height: numbers.height ?? 100 } : {}),
      },
    });
  }

  const onEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    }
  };
  const field = (key: string, label: string, value: string, set: (next: string) => void, help?: string) => (
    <TextField
      label={label}
      value={value}
      onChange={(event) => set(event.target.value)}
      onKeyDown={onEnter}
      error={errors[key] !== undefined}
      helperText={errors[key] ?? help}
      size="small"
      slotProps={{ htmlInput: { inputMode: key === 'name' ? 'text' : 'decimal' } }}
    />
  );

  return (
    <Box role="group" aria-labelledby="drawing-inspector-heading" sx={{ p: 2, borderRadius: 2.5, bgcolor: 'action.hover' }}>
      <Typography id="drawing-inspector-heading" component="h3" variant="subtitle1" sx={{ fontWeight: 700, mb: 1.5 }}>
        {spec.shape === 'table'
          ? t('inspector.titleTable')
          : spec.shape === 'standing'
            ? t('inspector.titleStanding')
            : t('inspector.titleRows')}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(4, minmax(0, 1fr))' } }}>
        {field('name', t('inspector.name'), name, setName)}
        {spec.shape === 'rows' && field('rows', t('inspector.rows'), rows, setRows)}
        {spec.shape === 'rows' && field('perRow', t('inspector.perRow'), perRow, setPerRow, t('inspector.perRowHelp'))}
        {spec.shape === 'table' && field('perRow', t('inspector.tableSeats'), perRow, setPerRow)}
        {spec.shape === 'rows' && field('curve', t('inspector.curve'), curve, setCurve, t('inspector.curveHelp'))}
        {spec.shape === 'standing' && field('capacity', t('inspector.capacity'), capacity, setCapacity)}
        {spec.shape === 'standing' && field('width', t('inspector.width'), width, setWidth)}
        {spec.shape === 'standing' && field('height', t('inspector.height'), height, setHeight)}
        {field('angle', t('inspector.angle'), angle, setAngle)}
        {spec.shape !== 'standing' && field('spacing', t('inspector.spacing'), spacing, setSpacing)}
        {spec.shape === 'rows' && (
          <TextField
            select
            size="small"
            label={t('inspector.numbering')}
            value={numbering}
            onChange={(event) => setNumbering(event.target.value as Numbering)}
          >
            {NUMBERINGS.map((option) => (
              <MenuItem key={option} value={option}>
                {t(`inspector.numberings.${option}`)}
              </MenuItem>
            ))}
          </TextField>
        )}
        <TextField
          select
          size="small"
          label={spec.shape === 'standing' ? t('inspector.category') : t('inspector.newSeatCategory')}
          value={category}
          onChange={(event) => setCategory(event.target.value)}
        >
          {categories.map((option) => (
            <MenuItem key={option} value={option}>
              {seatCategoryLabel(option)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap', rowGap: 1 }}>
        <Button variant="contained" onClick={apply}>
          {t('inspector.apply')}
        </Button>
        {spec.shape !== 'standing' && <Button onClick={onSelectSeats}>{t('inspector.selectSeats')}</Button>}
        <Button color="error" onClick={onDelete}>
          {t('inspector.delete')}
        </Button>
      </Stack>
    </Box>
  );
}
