/**
 * A seat map: sections of rows of seats, every seat a real button. One seat at a time is in the Tab
 * order (a roving tabindex) and the arrow keys move between seats, so a keyboard user tabs into the
 * map once and out again instead of through hundreds of seats. What a seat looks like, says and does
 * is the caller's: the buyer's map shows availability, the admin's editor shows categories.
 */
import { useTranslation } from 'react-i18next';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { SeatLook } from './seat-colors';
import { NAV_KEYS, nextSeatKey, seatAfterRemoval, type NavKey, type NavSeat } from './seat-grid-navigation';

export type GridSeat = NavSeat;

export interface GridRow<S extends GridSeat> {
  label: string;
  seats: readonly S[];
}

export interface GridSection<S extends GridSeat> {
  name: string;
  rows: readonly GridRow<S>[];
}

interface SeatGridProps<S extends GridSeat> {
  sections: readonly GridSection<S>[];
  /** Names the whole map for screen readers, e.g. "Seat map". */
  label: string;
  seatLabel: (seat: S, row: string, section: string) => string;
  seatSx: (seat: S) => SeatLook;
  /** For a map where seats are chosen: whether the seat is chosen (aria-pressed). */
  seatPressed?: (seat: S) => boolean;
  /** Seats that cannot be chosen stay focusable (so they can be read) but say aria-disabled. */
  seatUnavailable?: (seat: S) => boolean;
  onSeatClick: (seat: S) => void;
}

export function SeatGrid<S extends GridSeat>(props: SeatGridProps<S>) {
  const { t } = useTranslation('common');
  const { sections, label, seatLabel, seatSx, seatPressed, seatUnavailable, onSeatClick } = props;
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [focusKey, setFocusKey] = useState<string | null>(null);

  const navRows = useMemo(() => sections.flatMap((section) => section.rows.map((row) => row.seats)), [sections]);
  const allKeys = useMemo(() => new Set(navRows.flatMap((row) => row.map((seat) => seat.key))), [navRows]);
  // The seat in the Tab order: the last one focused while it still exists, else the first chosen, else the first.
  const firstPressed = seatPressed === undefined ? undefined : navRows.flat().find((seat) => seatPressed(seat))?.key;
  const tabKey = focusKey !== null && allKeys.has(focusKey) ? focusKey : (firstPressed ?? navRows.flat()[0]?.key);

  // A seat removed while it had focus (the layout editor) hands focus on to its neighbour, so a
  // keyboard user is not thrown back to the top of the page.
  const previousRows = useRef(navRows);
  useEffect(() => {
    const before = previousRows.current;
    previousRows.current = navRows;
    if (focusKey === null || allKeys.has(focusKey)) return;
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    const next = seatAfterRemoval(before, focusKey, allKeys);
    if (next === undefined) return;
    setFocusKey(next);
    buttons.current.get(next)?.focus();
  }, [navRows, allKeys, focusKey]);

  function handleKeyDown(event: KeyboardEvent<HTMLButtonElement>, seat: S) {
    if (!NAV_KEYS.has(event.key)) return;
    event.preventDefault();
    const target = nextSeatKey(navRows, seat.key, event.key as NavKey);
    if (target === undefined) return;
    setFocusKey(target);
    buttons.current.get(target)?.focus();
  }

  return (
    <Box
      role="group"
      aria-label={label}
      // 44 px seats on a phone, and on any touch screen, so a finger hits the seat it aims for (the map
      // scrolls sideways instead); a mouse gets the compact 30 px map.
      sx={{
        '--seat': { xs: '44px', sm: '30px' },
        '--gap': '4px',
        '--row-label': '22px',
        '@media (pointer: coarse)': { '--seat': '44px' },
      }}
    >
      <Box
        aria-hidden="true"
        sx={{
          mx: 'auto',
          mb: 3,
          maxWidth: 360,
          py: 0.75,
          borderRadius: '0 0 40px 40px',
          bgcolor: 'action.selected',
          textAlign: 'center',
        }}
      >
        <Typography variant="overline" sx={{ letterSpacing: '0.3em', color: 'text.secondary' }}>
          {t('seatMap.stage')}
        </Typography>
      </Box>
      <Box sx={{ overflowX: 'auto', pb: 1 }}>
        {sections.map((section) => {
          const columns = Math.max(1, ...section.rows.flatMap((row) => row.seats.map((seat) => seat.number)));
          return (
            <Box key={section.name} role="group" aria-label={section.name} sx={{ width: 'max-content', mx: 'auto', mb: 3 }}>
              <Typography aria-hidden="true" variant="subtitle2" sx={{ textAlign: 'center', mb: 1, color: 'text.secondary' }}>
                {section.name}
              </Typography>
              {section.rows.map((row) => (
                <Box
                  key={row.label}
                  role="group"
                  aria-label={`Row ${row.label}`}
                  sx={{
                    display: 'grid',
                    gridTemplateColumns: `var(--row-label) repeat(${columns}, var(--seat)) var(--row-label)`,
                    gap: 'var(--gap)',
                    mb: 'var(--gap)',
                    alignItems: 'center',
                  }}
                >
                  <RowLabel label={row.label} column={1} />
                  {row.seats.map((seat) => {
                    const unavailable = seatUnavailable?.(seat) ?? false;
                    const look = seatSx(seat);
                    return (
                      <Box
                        key={seat.key}
                        component="button"
                        type="button"
                        ref={(element: HTMLButtonElement | null) => {
                          if (element === null) buttons.current.delete(seat.key);
                          else buttons.current.set(seat.key, element);
                        }}
                        tabIndex={seat.key === tabKey ? 0 : -1}
                        aria-label={seatLabel(seat, row.label, section.name)}
                        aria-pressed={seatPressed?.(seat)}
                        aria-disabled={unavailable || undefined}
                        onFocus={() => setFocusKey(seat.key)}
                        onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => handleKeyDown(event, seat)}
                        onClick={() => onSeatClick(seat)}
                        sx={[
                          {
                            gridColumn: seat.number + 1,
                            width: 'var(--seat)',
                            height: 'var(--seat)',
                            p: 0,
                            border: 2,
                            borderRadius: '6px 6px 3px 3px',
                            font: 'inherit',
                            fontSize: { xs: '0.8rem', sm: '0.7rem' },
                            fontWeight: 600,
                            lineHeight: 1,
                            cursor: unavailable ? 'not-allowed' : 'pointer',
                            transition: 'transform 80ms ease-out',
                            '&:hover': unavailable ? {} : { transform: 'scale(1.1)' },
                          },
                          look,
                        ]}
                      >
                        {seat.number}
                      </Box>
                    );
                  })}
                  <RowLabel label={row.label} column={columns + 2} />
                </Box>
              ))}
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}

function RowLabel({ label, column }: { label: string; column: number }) {
  return (
    <Typography
      aria-hidden="true"
      variant="caption"
      sx={{ gridColumn: column, gridRow: 1, textAlign: 'center', fontWeight: 700, color: 'text.secondary' }}
    >
      {label}
    </Typography>
  );
}
