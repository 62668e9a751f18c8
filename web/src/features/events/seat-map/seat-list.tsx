/**
 * The seat map as a list, for the keyboard and screen readers (and anyone who prefers it): the
 * sections as buttons saying how many seats are free, and the open section's rows of seats, each
 * a button named in full ("Section A, row 3, seat 12, free, Category A"). Inside a section the
 * arrow keys move between seats (SeatGrid's roving tab stop), so Tab leaves the map in one press.
 * Only the open section's seats are rendered: a stadium's 20,000 buttons would be no list at all.
 */
import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import type { EventSeat } from '@iatichet/contracts';
import { SeatGrid } from '@/components/seat-grid/seat-grid';
import type { SeatLook } from '@/components/seat-grid/seat-colors';
import { formatNumber } from '@/lib/format-money';
import { seatSections, type MapSeat } from '../utils/seat-sections';
import { seatListName } from './seat-naming';

interface SeatListProps {
  seats: readonly EventSeat[];
  chosen: ReadonlySet<string>;
  openSection: string | null;
  onOpenSection: (name: string | null) => void;
  onSeat: (seat: EventSeat) => void;
  seatSx: (seat: EventSeat) => SeatLook;
  categoryName: (category: string) => string;
  disabled: boolean;
}

export function SeatList(props: SeatListProps) {
  const { seats, chosen, openSection, onOpenSection, onSeat, seatSx, categoryName, disabled } = props;
  const { t } = useTranslation('seat-map');
  const summary = useMemo(() => {
    const bySection = new Map<string, { free: number; total: number }>();
    for (const seat of seats) {
      const entry = bySection.get(seat.section) ?? { free: 0, total: 0 };
      entry.total += 1;
      if (seat.status === 'free') entry.free += 1;
      bySection.set(seat.section, entry);
    }
    return [...bySection];
  }, [seats]);
  const open = useMemo(
    () => (openSection === null ? [] : seatSections(seats.filter((seat) => seat.section === openSection))),
    [seats, openSection],
  );

  return (
    <Box component="section" aria-labelledby="seat-list-title">
      <Typography id="seat-list-title" variant="subtitle1" component="h3" sx={{ fontWeight: 700, mb: 1 }}>
        {t('list.title')}
      </Typography>
      <Box
        component="ul"
        aria-label={t('list.sections')}
        sx={{ listStyle: 'none', p: 0, m: 0, display: 'flex', flexWrap: 'wrap', gap: 1, mb: 2 }}
      >
        {summary.map(([name, { free, total }]) => (
          <li key={name}>
            <Button
              variant={name === openSection ? 'contained' : 'outlined'}
              size="small"
              aria-expanded={name === openSection}
              aria-controls={name === openSection ? 'seat-list-open' : undefined}
              onClick={() => onOpenSection(name === openSection ? null : name)}
            >
              {t('list.section', { section: name, free: formatNumber(free), total: formatNumber(total) })}
            </Button>
          </li>
        ))}
      </Box>
      {openSection !== null && (
        <Box
          id="seat-list-open"
          sx={{ '& button:focus-visible': { outline: '3px solid', outlineColor: 'secondary.main', outlineOffset: 2 } }}
        >
          <SeatGrid<MapSeat>
            sections={open}
            label={t('list.seatsOf', { section: openSection })}
            seatLabel={({ seat }) => seatListName(seat, chosen.has(seat.id), categoryName(seat.category))}
            seatPressed={({ seat }) => chosen.has(seat.id)}
            seatUnavailable={({ seat }) => disabled || (seat.status !== 'free' && !chosen.has(seat.id))}
            seatSx={({ seat }) => seatSx(seat)}
            onSeatClick={({ seat }) => onSeat(seat)}
          />
        </Box>
      )}
    </Box>
  );
}
