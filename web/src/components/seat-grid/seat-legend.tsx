import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { SeatLook } from './seat-colors';

export interface LegendItem {
  label: string;
  sx: SeatLook;
}

/** What the colours of a seat map mean, as a list a screen reader can read too. */
export function SeatLegend({ items, label = 'Legend' }: { items: readonly LegendItem[]; label?: string }) {
  return (
    <Box
      component="ul"
      aria-label={label}
      sx={{ listStyle: 'none', p: 0, m: 0, display: 'flex', flexWrap: 'wrap', columnGap: 2.5, rowGap: 1 }}
    >
      {items.map((item) => (
        <Box component="li" key={item.label} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <Box aria-hidden="true" sx={[{ width: 18, height: 18, borderRadius: '4px', border: 2, flexShrink: 0 }, item.sx]} />
          <Typography variant="body2">{item.label}</Typography>
        </Box>
      ))}
    </Box>
  );
}
