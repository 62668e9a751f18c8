import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PlaceRoundedIcon from '@mui/icons-material/PlaceRounded';
import type { CatalogEvent } from '@iatichet/contracts';
import { EventPoster } from '@/components/data-display/event-poster';
import { paths } from '@/config/paths';
import { categoryLabel } from '@/lib/catalog-labels';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { formatPriceFrom } from '@/lib/format-money';
import { AvailabilityChip } from './availability-chip';

/**
 * One event in a list. The title is the link; it stretches over the whole card so the card is one
 * big click target, while a screen reader hears just the title as the link's name.
 */
export function EventCard({ event, headingLevel }: { event: CatalogEvent; headingLevel: 2 | 3 }) {
  const price = formatPriceFrom(event.priceFromCents, event.currency);
  return (
    <Card
      component="article"
      variant="outlined"
      sx={{
        position: 'relative',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        borderRadius: 3,
        transition: 'box-shadow 150ms, transform 150ms',
        '&:hover': { boxShadow: 6, transform: 'translateY(-2px)' },
        '&:has(a:focus-visible)': { outline: '3px solid var(--focus-ring)', outlineOffset: '2px' },
      }}
    >
      <Box sx={{ position: 'relative' }}>
        <EventPoster
          posterUrl={event.posterUrl}
          category={event.category}
          alt=""
          sizes="(min-width: 900px) 400px, (min-width: 600px) 50vw, 100vw"
        />
        <Chip
          label={categoryLabel(event.category)}
          size="small"
          sx={{ position: 'absolute', top: 12, left: 12, bgcolor: 'rgba(255, 255, 255, 0.92)', fontWeight: 700 }}
        />
      </Box>
      <Stack spacing={0.75} sx={{ p: 2.25, flexGrow: 1 }}>
        <Typography variant="body2" sx={{ color: 'primary.main', fontWeight: 700 }}>
          <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, event.endsAt, eventTimeZone(event))}</time>
        </Typography>
        <Typography component={`h${headingLevel}`} variant="h6" sx={{ lineHeight: 1.3 }}>
          <Link
            component={RouterLink}
            to={paths.event.getHref(event.id)}
            color="inherit"
            underline="none"
            sx={{
              '&::after': { content: '""', position: 'absolute', inset: 0, zIndex: 1 },
              '&:focus-visible': { outline: 'none' },
            }}
          >
            {event.title}
          </Link>
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
          <PlaceRoundedIcon aria-hidden="true" sx={{ fontSize: 18 }} />
          {event.venue.name}, {event.venue.city}
        </Typography>
        <Box sx={{ flexGrow: 1 }} />
        <Stack direction="row" spacing={1} sx={{ pt: 1, alignItems: 'center', justifyContent: 'space-between' }}>
          <Typography sx={{ fontWeight: 800 }}>{price}</Typography>
          <AvailabilityChip remaining={event.remaining} capacity={event.capacity} />
        </Stack>
      </Stack>
    </Card>
  );
}
