/**
 * Colours of a seat map, shared by the buyer's map and the admin's layout editor. Colour is never
 * the only signal: every seat's label says its category and status, and held and sold seats also
 * differ in pattern and weight.
 */
import { alpha, type SxProps, type Theme } from '@mui/material/styles';

/** How one seat looks: a style object (never an array, so callers can put it after their own). */
export type SeatLook = Exclude<SxProps<Theme>, readonly unknown[]>;

const KNOWN: Record<string, string> = {
  standard: '#2f5fc4',
  premium: '#a86a00',
  accessible: '#00796b',
};
/** For custom categories, in the order they first appear. Each keeps 4.5:1 against white. */
const EXTRA = ['#b0245e', '#6a3d9a', '#2e7d32', '#795548', '#0b6f9e', '#8c5a00', '#455a64'];

/** The colour of `category` among `categories` (all categories on the map, in order). */
export function categoryColor(category: string, categories: readonly string[]): string {
  const known = KNOWN[category];
  if (known !== undefined) return known;
  const custom = categories.filter((name) => KNOWN[name] === undefined);
  const index = Math.max(0, custom.indexOf(category));
  return EXTRA[index % EXTRA.length] ?? '#455a64';
}

/** A seat that can be chosen (or edited), drawn in its category's colour. */
export function freeSeatSx(color: string): SeatLook {
  return { bgcolor: alpha(color, 0.14), borderColor: color, color: 'text.primary' };
}

export const selectedSeatSx: SeatLook = {
  bgcolor: 'primary.main',
  borderColor: 'primary.dark',
  color: 'primary.contrastText',
  fontWeight: 800,
};

export const heldSeatSx: SeatLook = {
  borderColor: '#8d8896',
  borderStyle: 'dashed',
  color: '#55505f',
  background: 'repeating-linear-gradient(135deg, #ece9f1 0 4px, #d6d2dc 4px 8px)',
};

export const soldSeatSx: SeatLook = {
  bgcolor: '#6f6a78',
  borderColor: '#6f6a78',
  color: '#ffffff',
  textDecoration: 'line-through',
};

/** Every distinct category on a map, in the order seats appear. */
export function categoriesOf(seats: Iterable<{ category: string }>): string[] {
  const seen = new Set<string>();
  for (const seat of seats) seen.add(seat.category);
  return [...seen];
}
