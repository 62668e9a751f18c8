import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CalendarMonthRoundedIcon from '@mui/icons-material/CalendarMonthRounded';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';
import PlaceRoundedIcon from '@mui/icons-material/PlaceRounded';
import type { CatalogEvent } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { formatEventTime } from '@/lib/format-event-time';
import { formatPriceFrom } from '@/lib/format-money';
import { AvailabilityChip } from './availability-chip';

function Fact({ icon, label, children }: { icon: ReactNode; label: string; children: ReactNode }) {
  return (
    <Box component="li" sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start' }}>
      <Box aria-hidden="true" sx={{ color: 'primary.main', display: 'flex', pt: 0.25 }}>
        {icon}
      </Box>
      <Box>
        <Typography component="span" sx={visuallyHidden}>
          {label}:{' '}
        </Typography>
        {children}
      </Box>
    </Box>
  );
}

/** When, where and how much: the facts a buyer checks before choosing tickets. */
export function EventFacts({ event }: { event: CatalogEvent }) {
  const from = formatPriceFrom(event.priceFromCents, event.currency);
  return (
    <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      <Fact icon={<CalendarMonthRoundedIcon />} label="When">
        <Typography sx={{ fontWeight: 700 }}>
          <time dateTime={event.startsAt}>{formatEventTime(event.startsAt)}</time>
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Until <time dateTime={event.endsAt}>{formatEventTime(event.endsAt)}</time>
        </Typography>
      </Fact>
      <Fact icon={<PlaceRoundedIcon />} label="Where">
        <Typography sx={{ fontWeight: 700 }}>{event.venue.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          {[event.venue.address, event.venue.city].filter((part) => part.trim() !== '').join(', ')}
        </Typography>
      </Fact>
      <Fact icon={<ConfirmationNumberRoundedIcon />} label="Tickets">
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography sx={{ fontWeight: 700 }}>{from ?? 'Prices to be announced'}</Typography>
          <AvailabilityChip remaining={event.remaining} capacity={event.capacity} />
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {event.seating === 'reserved' ? 'Reserved seating' : 'General admission'} · up to {event.maxTicketsPerOrder} per order
        </Typography>
      </Fact>
    </Stack>
  );
}
