/**
 * The selling terms of one ticket type under its name and price: the tax its price contains (a
 * percentage), pay what you want (a minimum; the price is then the suggested amount; not for
 * chosen seats, whose price is fixed), and "hidden": sold only with an access code (made on the
 * event's codes page).
 */
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import type { TicketTypeRow } from '../utils/event-form-values';

interface TicketTypeExtrasProps {
  row: TicketTypeRow;
  index: number;
  currency: string;
  /** Chosen seats: no pay what you want (a minimum already set is shown, to be cleared). */
  fixedPrice: boolean;
  errors: Record<string, string | undefined>;
  onChange: (patch: Partial<TicketTypeRow>, field: string) => void;
}

export function TicketTypeExtras({ row, index, currency, fixedPrice, errors, onChange }: TicketTypeExtrasProps) {
  const { t } = useTranslation('codes');
  const err = (field: string) => errors[`ticketTypes.${index}.${field}`];
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ gridColumn: '1 / -1', alignItems: { sm: 'flex-start' } }}>
      <TextField
        name={`ticketTypes.${index}.taxRate`}
        label={t('typeExtras.tax')}
        value={row.taxPercent}
        onChange={(event) => onChange({ taxPercent: event.target.value }, 'taxRate')}
        error={err('taxRate') !== undefined}
        helperText={err('taxRate') ?? t('typeExtras.taxHelp')}
        slotProps={{
          htmlInput: { inputMode: 'decimal', autoComplete: 'off' },
          input: { endAdornment: <InputAdornment position="end">%</InputAdornment> },
        }}
      />
      {(!fixedPrice || row.minPrice !== '') && (
        <TextField
          name={`ticketTypes.${index}.minPriceCents`}
          label={t('typeExtras.minPrice')}
          value={row.minPrice}
          onChange={(event) => onChange({ minPrice: event.target.value }, 'minPriceCents')}
          error={err('minPriceCents') !== undefined}
          helperText={err('minPriceCents') ?? t(fixedPrice ? 'typeExtras.fixedForSeats' : 'typeExtras.minPriceHelp')}
          slotProps={{
            htmlInput: { inputMode: 'decimal', autoComplete: 'off' },
            input: { endAdornment: <InputAdornment position="end">{currency}</InputAdornment> },
          }}
        />
      )}
      <FormControlLabel
        control={<Checkbox checked={row.hidden} onChange={(event) => onChange({ hidden: event.target.checked }, 'hidden')} />}
        label={t('typeExtras.hidden')}
        sx={{ minHeight: 44 }}
      />
    </Stack>
  );
}
