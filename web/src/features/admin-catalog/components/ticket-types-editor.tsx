/**
 * The ticket types of an event, one row each: a name, a price, and either a capacity (general
 * admission) or the seat category it prices (reserved seating, where the capacity is the number of
 * seats of that category). Each row is a fieldset, so "Name" and "Price" are read with their row.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddRoundedIcon from '@mui/icons-material/AddRounded';
import DeleteOutlineRoundedIcon from '@mui/icons-material/DeleteOutlineRounded';
import { useTranslation } from 'react-i18next';
import { CATALOG_LIMITS, type Seating } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatNumber } from '@/lib/format-money';
import { blankTicketType, type TicketTypeRow } from '../utils/event-form-values';
import { TicketTypeExtras } from './ticket-type-extras';

interface TicketTypesEditorProps {
  rows: readonly TicketTypeRow[];
  seating: Seating;
  currency: string;
  /** The seat categories of the venue's layout (reserved seating). */
  categories: readonly string[];
  /** Seats per category, to show the capacity a reserved ticket type gets. */
  seatsByCategory: ReadonlyMap<string, number>;
  /** The categories with chosen seats (reserved seating): their price is fixed. */
  seatedCategories: ReadonlySet<string>;
  errors: Record<string, string | undefined>;
  disabled: boolean;
  onChange: (rows: TicketTypeRow[], editedField?: string) => void;
}

export function TicketTypesEditor(props: TicketTypesEditorProps) {
  const { rows, seating, currency, categories, seatsByCategory, seatedCategories, errors, disabled, onChange } = props;
  const { t } = useTranslation('admin-catalog');
  const reserved = seating === 'reserved';
  const seatsText = (count: number) => t('venues.seats', { count, number: formatNumber(count) });
  const unpriced = categories.filter((category) => !rows.some((row) => row.seatCategory === category));

  const update = (index: number, patch: Partial<TicketTypeRow>, field: string) =>
    onChange(
      rows.map((row, i) => (i === index ? { ...row, ...patch } : row)),
      `ticketTypes.${index}.${field}`,
    );

  return (
    <Box>
      {errors.ticketTypes !== undefined && (
        <Alert severity="error" sx={{ mb: 2 }}>
          {errors.ticketTypes}
        </Alert>
      )}
      <Stack spacing={2}>
        {rows.map((row, index) => {
          const err = (field: string) => errors[`ticketTypes.${index}.${field}`];
          const title =
            row.name.trim() === ''
              ? t('ticketTypes.row', { number: index + 1 })
              : t('ticketTypes.rowNamed', { number: index + 1, name: row.name.trim() });
          return (
            <Box
              component="fieldset"
              key={row.key}
              disabled={disabled}
              sx={{
                m: 0,
                p: 2,
                border: 1,
                borderColor: 'divider',
                borderRadius: 2.5,
                display: 'grid',
                gap: 2,
                gridTemplateColumns: {
                  xs: 'minmax(0, 1fr) minmax(0, 1fr) auto',
                  md: 'minmax(0, 2fr) minmax(0, 1fr) minmax(0, 1.4fr) auto',
                },
                alignItems: 'start',
              }}
            >
              <Box component="legend" sx={visuallyHidden}>
                {title}
              </Box>
              <TextField
                name={`ticketTypes.${index}.name`}
                label={t('ticketTypes.name')}
                value={row.name}
                onChange={(event) => update(index, { name: event.target.value }, 'name')}
                error={err('name') !== undefined}
                helperText={err('name')}
                slotProps={{ htmlInput: { maxLength: 80 } }}
                sx={{ gridColumn: { xs: '1 / 3', md: 'auto' } }}
              />
              <TextField
                name={`ticketTypes.${index}.priceCents`}
                label={t('ticketTypes.price')}
                value={row.price}
                onChange={(event) => update(index, { price: event.target.value }, 'priceCents')}
                error={err('priceCents') !== undefined}
                helperText={err('priceCents')}
                slotProps={{
                  htmlInput: { inputMode: 'decimal', autoComplete: 'off' },
                  input: { endAdornment: <InputAdornment position="end">{currency}</InputAdornment> },
                }}
              />
              {reserved ? (
                <TextField
                  select
                  name={`ticketTypes.${index}.seatCategory`}
                  label={t('ticketTypes.seatCategory')}
                  sx={{ gridColumn: { xs: '2 / 4', md: 'auto' } }}
                  value={row.seatCategory}
                  onChange={(event) => update(index, { seatCategory: event.target.value }, 'seatCategory')}
                  error={err('seatCategory') !== undefined}
                  helperText={
                    err('seatCategory') ??
                    (row.seatCategory === '' ? undefined : seatsText(seatsByCategory.get(row.seatCategory) ?? 0))
                  }
                >
                  {[...new Set([...categories, ...(row.seatCategory === '' ? [] : [row.seatCategory])])].map((category) => (
                    <MenuItem key={category} value={category}>
                      {seatCategoryLabel(category)}
                    </MenuItem>
                  ))}
                </TextField>
              ) : (
                <TextField
                  name={`ticketTypes.${index}.capacity`}
                  label={t('ticketTypes.capacity')}
                  sx={{ gridColumn: { xs: '2 / 4', md: 'auto' } }}
                  value={row.capacity}
                  onChange={(event) => update(index, { capacity: event.target.value }, 'capacity')}
                  error={err('capacity') !== undefined}
                  helperText={err('capacity')}
                  slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'off' } }}
                />
              )}
              <IconButton
                aria-label={t('ticketTypes.remove', { row: title })}
                onClick={() => onChange(rows.filter((_, i) => i !== index))}
                disabled={disabled || rows.length === 1}
                sx={{ mt: 1, gridColumn: { xs: 3, md: 'auto' }, gridRow: { xs: 1, md: 'auto' } }}
              >
                <DeleteOutlineRoundedIcon />
              </IconButton>
              <TicketTypeExtras
                row={row}
                index={index}
                currency={currency}
                fixedPrice={reserved && seatedCategories.has(row.seatCategory)}
                errors={errors}
                onChange={(patch, field) => update(index, patch, field)}
              />
            </Box>
          );
        })}
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mt: 2, alignItems: { sm: 'center' } }}>
        <Button
          startIcon={<AddRoundedIcon />}
          onClick={() => onChange([...rows, blankTicketType()])}
          disabled={disabled || rows.length >= CATALOG_LIMITS.ticketTypesMax}
        >
          {t('ticketTypes.add')}
        </Button>
        {reserved && unpriced.length > 0 && (
          <Button
            variant="outlined"
            onClick={() =>
              onChange([
                ...rows.filter((row) => row.name.trim() !== '' || row.price !== '' || row.seatCategory !== ''),
                ...unpriced.map((category) => blankTicketType(category)),
              ])
            }
            disabled={disabled}
          >
            {t('ticketTypes.addUnpriced')}
          </Button>
        )}
      </Stack>
      {reserved && unpriced.length > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('ticketTypes.unpriced', { categories: unpriced.map(seatCategoryLabel).join(', ') })}
        </Typography>
      )}
    </Box>
  );
}
