import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { CatalogEvent } from '@iatichet/contracts';
import { formatMoney } from '@/lib/format-money';
import { maxQuantity, setQuantity, ticketCount, type ChosenPrices, type TicketSelection } from '@/lib/ticket-selection';
import { AvailabilityChip } from './availability-chip';
import { PriceField } from './price-field';

type GeneralSelection = Extract<TicketSelection, { kind: 'general' }>;

interface QuantityPickerProps {
  event: CatalogEvent;
  selection: GeneralSelection;
  onChange: (next: GeneralSelection) => void;
  disabled: boolean;
  /** Pay-what-you-want prices typed so far, and how to change one (null: back to the suggested price). */
  prices?: ChosenPrices;
  onPriceChange?: (ticketTypeId: string, cents: number | null) => void;
}

/**
 * General admission: one row per ticket type with its price, what is left, and a quantity. Each
 * quantity offers only what still fits: what is left of that type, and the order limit minus the
 * tickets already chosen of other types.
 */
export function QuantityPicker({ event, selection, onChange, disabled, prices = {}, onPriceChange }: QuantityPickerProps) {
  const { t } = useTranslation('events');
  const total = ticketCount(selection);
  return (
    <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {event.ticketTypes.map((type) => {
        const current = selection.quantities[type.id] ?? 0;
        const room = event.maxTicketsPerOrder - (total - current);
        const max = Math.min(maxQuantity(event, type.remaining), room);
        return (
          <Box
            component="li"
            key={type.id}
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 2,
              p: 2,
              border: 1,
              borderColor: current > 0 ? 'primary.main' : 'divider',
              borderRadius: 2.5,
              bgcolor: current > 0 ? 'rgba(79, 31, 115, 0.04)' : 'background.paper',
            }}
          >
            <Box sx={{ flexGrow: 1, minWidth: 0 }}>
              <Typography sx={{ fontWeight: 700 }}>{type.name}</Typography>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 0.5, flexWrap: 'wrap' }}>
                {type.discountedPriceCents !== undefined && type.discountedPriceCents < type.priceCents ? (
                  <Typography color="text.secondary">
                    <Box component="s" sx={{ mr: 1 }}>
                      {formatMoney(type.priceCents, event.currency)}
                    </Box>
                    <Box component="strong" sx={{ color: 'success.dark' }}>
                      {type.discountedPriceCents === 0
                        ? t('common:price.free')
                        : formatMoney(type.discountedPriceCents, event.currency)}
                    </Box>
                  </Typography>
                ) : (
                  <Typography color="text.secondary">
                    {type.priceCents === 0 ? t('common:price.free') : formatMoney(type.priceCents, event.currency)}
                  </Typography>
                )}
                <AvailabilityChip remaining={type.remaining} capacity={type.capacity} />
              </Stack>
              {type.minPriceCents !== null && onPriceChange !== undefined && (
                <PriceField
                  typeName={type.name}
                  currency={event.currency}
                  minCents={type.minPriceCents}
                  suggestedCents={type.priceCents}
                  cents={prices[type.id] ?? null}
                  disabled={disabled}
                  onChange={(cents) => onPriceChange(type.id, cents)}
                />
              )}
            </Box>
            <TextField
              select
              size="small"
              label={t('quantity.label')}
              value={String(current)}
              disabled={disabled || type.remaining <= 0}
              onChange={(changeEvent) =>
                onChange(setQuantity(selection, type.id, Number(changeEvent.target.value), event.maxTicketsPerOrder))
              }
              slotProps={{ htmlInput: { 'aria-label': t('quantity.for', { type: type.name }) }, select: { native: true } }}
              sx={{ width: 96, flexShrink: 0 }}
            >
              {Array.from({ length: Math.max(current, max) + 1 }, (_, quantity) => (
                <option key={quantity} value={quantity}>
                  {quantity}
                </option>
              ))}
            </TextField>
          </Box>
        );
      })}
    </Stack>
  );
}
