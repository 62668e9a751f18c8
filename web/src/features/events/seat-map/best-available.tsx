/**
 * "N best seats in <category>": the server picks adjacent seats in the best row (POST
 * /api/reservations with `bestAvailable`) and the reservation page shows the seats it gave.
 */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { CatalogEvent } from '@iatichet/contracts';
import { formatMoney } from '@/lib/format-money';

interface BestAvailableProps {
  event: CatalogEvent;
  /** The categories that have seats on the map. */
  categories: readonly string[];
  onPick: (ticketTypeId: string, quantity: number) => void;
  busy: boolean;
  disabled: boolean;
}

export function BestAvailable({ event, categories, onPick, busy, disabled }: BestAvailableProps) {
  const { t } = useTranslation('seat-map');
  const types = event.ticketTypes.filter(
    (type) => type.seatCategory != null && categories.includes(type.seatCategory) && type.remaining > 0,
  );
  const [typeId, setTypeId] = useState('');
  const [quantity, setQuantity] = useState(2);
  const type = types.find((candidate) => candidate.id === typeId) ?? types[0];
  if (type === undefined) return null;
  const most = Math.max(1, Math.min(event.maxTicketsPerOrder, type.remaining, 10));
  const count = Math.min(quantity, most);

  return (
    <Paper variant="outlined" component="section" aria-labelledby="best-available-title" sx={{ p: 2, borderRadius: 3, mb: 2 }}>
      <Typography id="best-available-title" variant="subtitle1" component="h3" sx={{ fontWeight: 700, mb: 1.5 }}>
        {t('best.title')}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ alignItems: { sm: 'center' } }}>
        <TextField
          select
          size="small"
          label={t('best.quantity')}
          value={count}
          onChange={(changed) => setQuantity(Number(changed.target.value))}
          sx={{ minWidth: 110 }}
        >
          {Array.from({ length: most }, (_, i) => i + 1).map((n) => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('best.category')}
          value={type.id}
          onChange={(changed) => setTypeId(changed.target.value)}
          sx={{ minWidth: 200 }}
        >
          {types.map((candidate) => (
            <MenuItem key={candidate.id} value={candidate.id}>
              {`${candidate.name} · ${formatMoney(candidate.priceCents, event.currency)}`}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" color="secondary" loading={busy} disabled={disabled} onClick={() => onPick(type.id, count)}>
          {t('best.pick', { count, category: type.name })}
        </Button>
      </Stack>
    </Paper>
  );
}
