/**
 * The buyer's seat map for reserved seating: free seats in their category's colour, held and sold
 * ones greyed (and hatched or struck through), chosen ones in the brand colour. Seats taken by
 * someone else while the page was open drop out of the selection with a note.
 */
import { useTranslation } from 'react-i18next';
import { intlLocale } from '@/i18n/locale';
import { useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import type { CatalogEvent } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { ErrorState } from '@/components/page-state';
import {
  categoriesOf,
  categoryColor,
  freeSeatSx,
  heldSeatSx,
  selectedSeatSx,
  soldSeatSx,
} from '@/components/seat-grid/seat-colors';
import { SeatGrid } from '@/components/seat-grid/seat-grid';
import { SeatLegend } from '@/components/seat-grid/seat-legend';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatMoney, formatNumber } from '@/lib/format-money';
import { toggleSeat } from '@/lib/ticket-selection';
import { useEventSeats } from '../api/get-event-seats';
import { seatName, seatSections, type MapSeat } from '../utils/seat-sections';

interface SeatPickerProps {
  event: CatalogEvent;
  seatIds: readonly string[];
  onChange: (seatIds: readonly string[]) => void;
  disabled: boolean;
}

export function SeatPicker({ event, seatIds, onChange, disabled }: SeatPickerProps) {
  const { t } = useTranslation('events');
  const query = useEventSeats(event.id, true);
  const seats = query.data;
  const [message, setMessage] = useState('');
  const sections = useMemo(() => seatSections(seats ?? []), [seats]);
  const categories = useMemo(() => categoriesOf(seats ?? []), [seats]);
  const chosen = new Set(seatIds);
  const several = sections.length > 1;

  useEffect(() => {
    if (seats === undefined) return;
    const taken = seats.filter((seat) => chosen.has(seat.id) && seat.status !== 'free');
    if (taken.length > 0) {
      onChange(seatIds.filter((id) => !taken.some((seat) => seat.id === id)));
      const names = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(
        taken.map((seat) => seatName(seat, several)),
      );
      setMessage(t('seats.takenMeanwhile', { seats: names }));
    }
    // Only a new seat list can take seats away; the selection changing must not run this again.
  }, [seats]);

  if (query.isPending) {
    return (
      <Box role="status" aria-label={t('seats.loading')}>
        <Skeleton variant="rounded" height={280} />
      </Box>
    );
  }
  if (query.isError) return <ErrorState error={query.error} title={t('seats.loadFailed')} onRetry={() => void query.refetch()} />;

  function handleSeat({ seat }: MapSeat) {
    if (disabled || seat.status !== 'free') return;
    const result = toggleSeat({ kind: 'reserved', seatIds }, seat.id, event.maxTicketsPerOrder);
    setMessage(result.limited ? t('seats.limit', { count: event.maxTicketsPerOrder }) : '');
    onChange(result.selection.seatIds);
  }

  const legend = [
    ...categories.map((category) => {
      const type = event.ticketTypes.find((candidate) => candidate.seatCategory === category);
      const parts = [type?.name ?? seatCategoryLabel(category)];
      if (type !== undefined) {
        parts.push(type.priceCents === 0 ? t('common:price.free') : formatMoney(type.priceCents, event.currency));
        parts.push(
          type.remaining > 0
            ? t('availability.left', { count: type.remaining, number: formatNumber(type.remaining) })
            : t('availability.soldOut'),
        );
      }
      return { label: parts.join(' · '), sx: freeSeatSx(categoryColor(category, categories)) };
    }),
    { label: t('seats.legendChosen'), sx: selectedSeatSx },
    { label: t('seats.legendHeld'), sx: heldSeatSx },
    { label: t('seats.legendSold'), sx: soldSeatSx },
  ];

  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('seats.howTo', { count: event.maxTicketsPerOrder })}
      </Typography>
      <Box sx={{ mb: 3 }}>
        <SeatLegend items={legend} label={t('seats.legend')} />
      </Box>
      {message !== '' && (
        <Alert severity="info" sx={{ mb: 2 }} onClose={() => setMessage('')}>
          {message}
        </Alert>
      )}
      <Typography role="status" sx={visuallyHidden}>
        {message}
      </Typography>
      <Paper variant="outlined" sx={{ p: { xs: 1.5, sm: 3 }, borderRadius: 3 }}>
        <SeatGrid
          sections={sections}
          label={t('seats.map')}
          seatLabel={({ seat }) =>
            t('seats.seatLabel', {
              seat: seatName(seat, several),
              category: seatCategoryLabel(seat.category).toLocaleLowerCase(),
              status: t(`seats.status.${seat.status}`),
            })
          }
          seatPressed={({ seat }) => chosen.has(seat.id)}
          seatUnavailable={({ seat }) => seat.status !== 'free' || disabled}
          seatSx={({ seat }) => {
            if (chosen.has(seat.id)) return selectedSeatSx;
            if (seat.status === 'held') return heldSeatSx;
            if (seat.status === 'sold') return soldSeatSx;
            return freeSeatSx(categoryColor(seat.category, categories));
          }}
          onSeatClick={handleSeat}
        />
      </Paper>
    </Box>
  );
}
