/**
 * Standing areas in a seated venue: sold by quantity like general admission (API.md, "Seating at
 * scale"), each through the ticket type that prices its category.
 */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { CatalogEvent, Layout } from '@iatichet/contracts';
import { formatMoney, formatNumber } from '@/lib/format-money';
import { maxQuantity } from '@/lib/ticket-selection';

interface StandingAreasProps {
  event: CatalogEvent;
  layout: Layout;
  onReserve: (quantities: Record<string, number>) => void;
  busy: boolean;
  disabled: boolean;
}

/** Each standing section with the ticket type that sells it; sections without one are left out. */
export function standingAreas(event: Pick<CatalogEvent, 'ticketTypes'>, layout: Layout) {
  return layout.sections
    .filter((section) => section.kind === 'standing' && section.category !== undefined)
    .flatMap((section) => {
      const type = event.ticketTypes.find((candidate) => candidate.seatCategory === section.category);
      return type === undefined ? [] : [{ name: section.name, type }];
    });
}

export function StandingAreas({ event, layout, onReserve, busy, disabled }: StandingAreasProps) {
  const { t } = useTranslation('seat-map');
  const areas = standingAreas(event, layout);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  if (areas.length === 0) return null;
  const chosen = Object.values(quantities).reduce((sum, n) => sum + n, 0);

  return (
    <Paper variant="outlined" component="section" aria-labelledby="standing-title" sx={{ p: 2, borderRadius: 3, mt: 2 }}>
      <Typography id="standing-title" variant="subtitle1" component="h3" sx={{ fontWeight: 700, mb: 1.5 }}>
        {t('standing.title')}
      </Typography>
      <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
        {areas.map(({ name, type }) => {
          const current = quantities[type.id] ?? 0;
          const max = Math.min(maxQuantity(event, type.remaining), event.maxTicketsPerOrder - (chosen - current));
          return (
            <Box component="li" key={name} sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
              <Box sx={{ flexGrow: 1 }}>
                <Typography sx={{ fontWeight: 600 }}>{name}</Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('standing.details', {
                    price: formatMoney(type.priceCents, event.currency),
                    left: formatNumber(type.remaining),
                  })}
                </Typography>
              </Box>
              <TextField
                select
                size="small"
                label={t('standing.quantity', { area: name })}
                value={current}
                disabled={disabled || max <= 0}
                onChange={(changed) => setQuantities({ ...quantities, [type.id]: Number(changed.target.value) })}
                sx={{ minWidth: 96 }}
              >
                {Array.from({ length: Math.max(0, max) + 1 }, (_, n) => (
                  <MenuItem key={n} value={n}>
                    {n}
                  </MenuItem>
                ))}
              </TextField>
            </Box>
          );
        })}
      </Stack>
      <Button
        sx={{ mt: 2 }}
        variant="contained"
        color="secondary"
        loading={busy}
        disabled={disabled || chosen === 0}
        onClick={() => onReserve(quantities)}
      >
        {t('standing.reserve', { count: chosen })}
      </Button>
    </Paper>
  );
}
