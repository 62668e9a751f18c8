/**
 * The buyer's seat map at stadium scale (issue 22): the drawn map (seat-canvas.tsx) to pan, pinch
 * and tap, the same seats as a list for the keyboard and screen readers (seat-list.tsx), a
 * best-available quick-pick and the venue's standing areas. Choosing a wheelchair place offers its
 * companion seat; a companion seat is chosen only with a wheelchair place of its section. Every change to the chosen seats is said in a live region; seats taken by
 * someone else while the page is open leave the selection with a note.
 */
import { useTranslation } from 'react-i18next';
import { useEffect, useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import type { CatalogEvent, EventSeat } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import {
  categoriesOf,
  categoryColor,
  freeSeatSx,
  heldSeatSx,
  selectedSeatSx,
  soldSeatSx,
} from '@/components/seat-grid/seat-colors';
import { SeatLegend } from '@/components/seat-grid/seat-legend';
import { seatCategoryLabel } from '@/lib/catalog-labels';
import { formatNumber } from '@/lib/format-money';
import { intlLocale } from '@/i18n/locale';
import { useEventLayout } from '../api/get-event-layout';
import { BestAvailable } from './best-available';
import { companionFor, companionRoom, withoutLoneCompanions } from './companions';
import type { SeatPalette } from './draw-seats';
import { placeSeats } from './geometry';
import { SeatCanvas } from './seat-canvas';
import { SeatList } from './seat-list';
import { seatPlace } from './seat-naming';
import { StandingAreas } from './standing-areas';
import { SeatIndex } from './viewport';

export interface SeatMapProps {
  event: CatalogEvent;
  seats: readonly EventSeat[];
  seatIds: readonly string[];
  onChange: (seatIds: readonly string[]) => void;
  disabled: boolean;
  /** Quick-pick and standing areas reserve at once through these; left out, they are not offered. */
  onBestAvailable?: (ticketTypeId: string, quantity: number) => void;
  onStanding?: (quantities: Record<string, number>) => void;
  busy?: boolean;
}

/** Up to this many seats without positions, the grid of buttons (seat-picker.tsx) is the better map. */
const GRID_SEATS_MAX = 500;

/** Drawn layouts, and grids too big to show as buttons, get this map. */
export function usesSeatMap(seats: readonly EventSeat[]): boolean {
  return seats.length > GRID_SEATS_MAX || seats.some((seat) => typeof seat.x === 'number');
}

const HELD = '#d6d2dc';
const SOLD = '#6f6a78';

export function SeatMap({ event, seats, seatIds, onChange, disabled, onBestAvailable, onStanding, busy = false }: SeatMapProps) {
  const { t } = useTranslation('seat-map');
  const theme = useTheme();
  const layout = useEventLayout(event.id, true).data ?? null;
  const [openSection, setOpenSection] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [offer, setOffer] = useState<EventSeat | null>(null);

  // Positions depend on which seats exist, not on their status: placed again only for a new map.
  const shape = seats.map((seat) => seat.id).join();
  const map = useMemo(() => placeSeats(seats), [shape]);
  const index = useMemo(() => new SeatIndex(map.seats, Math.max(map.seatRadius * 8, 1)), [map]);
  // Statuses change by the second: the canvas reads them here rather than placing seats again.
  const live = useMemo(() => new Map(seats.map((seat) => [seat.id, seat])), [seats]);
  const categories = useMemo(() => categoriesOf(seats), [seats]);
  const sectionLabels = useMemo(() => {
    const free = new Map<string, number>();
    for (const seat of seats) free.set(seat.section, (free.get(seat.section) ?? 0) + (seat.status === 'free' ? 1 : 0));
    return new Map(
      [...free].map(([section, count]) => [section, t('overview', { section, count, number: formatNumber(count) })]),
    );
  }, [seats, t]);
  const chosen = useMemo(() => new Set(seatIds), [seatIds]);
  const palette = useMemo<SeatPalette>(
    () => ({
      category: (category) => categoryColor(category, categories),
      chosen: theme.palette.primary.main,
      held: HELD,
      sold: SOLD,
      text: theme.palette.text.primary,
      background: theme.palette.background.paper,
    }),
    [categories, theme],
  );
  const categoryName = (category: string) =>
    event.ticketTypes.find((type) => type.seatCategory === category)?.name ?? seatCategoryLabel(category);

  // Seats someone else took meanwhile leave the selection, with a note (as on the grid map).
  useEffect(() => {
    const taken = seats.filter((seat) => chosen.has(seat.id) && seat.status !== 'free');
    if (taken.length === 0) return;
    onChange(seatIds.filter((id) => !taken.some((seat) => seat.id === id)));
    const names = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(taken.map((seat) => seatPlace(seat)));
    setMessage(t('takenMeanwhile', { seats: names }));
    setAnnouncement(t('takenMeanwhile', { seats: names }));
    // Only new statuses can take seats away; the selection changing must not run this again.
  }, [seats]);

  function choose(seat: EventSeat) {
    if (disabled) return;
    if (chosen.has(seat.id)) {
      // A wheelchair place taken out takes the companion seat that came with it (one per place).
      const { kept, dropped } = withoutLoneCompanions(
        seatIds.filter((id) => id !== seat.id),
        (id) => live.get(id),
      );
      onChange(kept);
      const removed = t('announce.removed', { seat: seatPlace(seat), count: kept.length });
      if (dropped.length > 0) {
        const names = new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(dropped.map((s) => seatPlace(s)));
        setMessage(t('companion.removedWith', { seats: names }));
        setAnnouncement(`${removed} ${t('companion.removedWith', { seats: names })}`);
      } else setAnnouncement(removed);
      if (offer !== null && seat.accessible === 'wheelchair') setOffer(null);
      return;
    }
    if (seat.status !== 'free') return;
    if (
      seat.accessible === 'companion' &&
      companionRoom(
        seat.section,
        seatIds.map((id) => live.get(id)),
      ) <= 0
    ) {
      setMessage(t('companion.needsPlace'));
      setAnnouncement(t('companion.needsPlace'));
      return;
    }
    if (seatIds.length >= event.maxTicketsPerOrder) {
      setMessage(t('limit', { count: event.maxTicketsPerOrder }));
      setAnnouncement(t('limit', { count: event.maxTicketsPerOrder }));
      return;
    }
    onChange([...seatIds, seat.id]);
    setMessage('');
    setAnnouncement(t('announce.added', { seat: seatPlace(seat), count: seatIds.length + 1 }));
    setOffer(seat.accessible === 'wheelchair' ? (companionFor(seat, seats, chosen) ?? null) : null);
  }

  function addCompanion(companion: EventSeat) {
    setOffer(null);
    const fresh = seats.find((seat) => seat.id === companion.id);
    if (fresh === undefined || fresh.status !== 'free' || chosen.has(fresh.id)) return;
    choose(fresh);
  }

  const legend = [
    ...categories.map((category) => ({ label: categoryName(category), sx: freeSeatSx(categoryColor(category, categories)) })),
    { label: t('legend.chosen'), sx: selectedSeatSx },
    { label: t('legend.held'), sx: heldSeatSx },
    { label: t('legend.sold'), sx: soldSeatSx },
  ];
  const seatSx = (seat: EventSeat) => {
    if (chosen.has(seat.id)) return selectedSeatSx;
    if (seat.status === 'held') return heldSeatSx;
    if (seat.status === 'sold') return soldSeatSx;
    return freeSeatSx(categoryColor(seat.category, categories));
  };
  const free = seats.filter((seat) => seat.status === 'free').length;

  return (
    <Box>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('howTo', { count: event.maxTicketsPerOrder })}
      </Typography>
      {onBestAvailable !== undefined && (
        <BestAvailable event={event} categories={categories} onPick={onBestAvailable} busy={busy} disabled={disabled || busy} />
      )}
      <Box sx={{ mb: 2 }}>
        <SeatLegend items={legend} label={t('legend.label')} />
        {seats.some((seat) => seat.accessible != null) && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {t('legend.accessible')}
          </Typography>
        )}
      </Box>
      {message !== '' && (
        <Alert severity="info" sx={{ mb: 2 }} onClose={() => setMessage('')}>
          {message}
        </Alert>
      )}
      {offer !== null && (
        <Alert
          severity="info"
          sx={{ mb: 2 }}
          onClose={() => setOffer(null)}
          action={
            <Button color="inherit" size="small" onClick={() => addCompanion(offer)}>
              {t('companion.add')}
            </Button>
          }
        >
          {t('companion.offer', { seat: seatPlace(offer) })}
        </Alert>
      )}
      <Typography role="status" aria-live="polite" sx={visuallyHidden}>
        {announcement}
      </Typography>
      <Paper variant="outlined" sx={{ p: { xs: 1, sm: 2 }, borderRadius: 3, mb: 2 }}>
        <SeatCanvas
          map={map}
          index={index}
          live={live}
          sectionLabels={sectionLabels}
          chosen={chosen}
          palette={palette}
          label={t('canvas', { count: seats.length, number: formatNumber(seats.length), free: formatNumber(free) })}
          focusSection={openSection}
          onSection={setOpenSection}
          onSeat={(p) => choose(live.get(p.seat.id) ?? p.seat)}
        />
      </Paper>
      <SeatList
        seats={seats}
        chosen={chosen}
        openSection={openSection}
        onOpenSection={setOpenSection}
        onSeat={choose}
        seatSx={seatSx}
        categoryName={categoryName}
        disabled={disabled}
      />
      {layout !== null && onStanding !== undefined && (
        <StandingAreas event={event} layout={layout} onReserve={onStanding} busy={busy} disabled={disabled || busy} />
      )}
    </Box>
  );
}
