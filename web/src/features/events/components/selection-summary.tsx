import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CloseRoundedIcon from '@mui/icons-material/CloseRounded';
import type { CatalogEvent, EventSeat } from '@iatichet/contracts';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatMoney } from '@/lib/format-money';
import {
  seatPriceCents,
  selectionTotalCents,
  ticketCount,
  type ChosenPrices,
  type TicketSelection,
} from '@/lib/ticket-selection';
import { seatName } from '../utils/seat-sections';

interface SelectionSummaryProps {
  event: CatalogEvent;
  selection: TicketSelection;
  seats: readonly EventSeat[];
  /** Pay-what-you-want prices chosen per type. */
  prices?: ChosenPrices;
  /** Takes one seat back out of the selection (reserved seating). */
  onRemoveSeat: (seatId: string) => void;
}

/** What is chosen so far and what it costs; read out politely whenever it changes. */
export function SelectionSummary({ event, selection, seats, prices = {}, onRemoveSeat }: SelectionSummaryProps) {
  const { t } = useTranslation('events');
  const count = ticketCount(selection);
  const total = selectionTotalCents(event, selection, seats, prices);
  const several = new Set(seats.map((seat) => seat.section)).size > 1;
  const byId = new Map(seats.map((seat) => [seat.id, seat]));
  const chosenSeats = selection.kind === 'reserved' ? selection.seatIds.flatMap((id) => byId.get(id) ?? []) : [];
  return (
    <Box sx={{ minWidth: 0 }}>
      {chosenSeats.length > 0 && (
        <Stack
          component="ul"
          direction="row"
          aria-label={t('summary.yourSeats')}
          // On a phone the chosen seats scroll sideways, so the sticky summary never hides the map.
          sx={{
            listStyle: 'none',
            p: 0,
            m: 0,
            mb: 1.5,
            gap: 1,
            flexWrap: { xs: 'nowrap', sm: 'wrap' },
            overflowX: { xs: 'auto', sm: 'visible' },
            '& > li': { flexShrink: 0 },
          }}
        >
          {chosenSeats.map((seat) => {
            const price = seatPriceCents(event, seat.category);
            const name = seatName(seat, several);
            return (
              <Box
                component="li"
                key={seat.id}
                sx={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 0.25,
                  pl: 1.5,
                  pr: 0.25,
                  border: 1,
                  borderColor: 'primary.main',
                  borderRadius: 999,
                }}
              >
                <Typography variant="body2">
                  {name} · {seatCategoryLabel(seat.category)}
                  {price === undefined ? '' : ` · ${formatMoney(price, event.currency)}`}
                </Typography>
                <IconButton size="small" aria-label={t('summary.remove', { seat: name })} onClick={() => onRemoveSeat(seat.id)}>
                  <CloseRoundedIcon fontSize="small" />
                </IconButton>
              </Box>
            );
          })}
        </Stack>
      )}
      {selection.kind === 'general' && count > 0 && (
        <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, mb: 1 }}>
          {event.ticketTypes
            .filter((type) => (selection.quantities[type.id] ?? 0) > 0)
            .map((type) => {
              const quantity = selection.quantities[type.id] ?? 0;
              return (
                <Typography component="li" key={type.id} sx={{ display: 'flex', justifyContent: 'space-between', gap: 2 }}>
                  <span>
                    {quantity} × {type.name}
                  </span>
                  <span>{formatMoney(quantity * type.priceCents, event.currency)}</span>
                </Typography>
              );
            })}
        </Box>
      )}
      <Typography aria-live="polite" sx={{ fontWeight: 800, fontSize: '1.1rem' }}>
        {count === 0
          ? selection.kind === 'reserved'
            ? t('summary.noSeats')
            : t('summary.noTickets')
          : t('summary.total', { count, total: formatMoney(total, event.currency) })}
      </Typography>
    </Box>
  );
}
