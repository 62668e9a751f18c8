import Link from '@mui/material/Link';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CalendarMonthRoundedIcon from '@mui/icons-material/CalendarMonthRounded';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';
import PlaceRoundedIcon from '@mui/icons-material/PlaceRounded';
import type { CatalogEvent } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { eventTimeZone, formatEventClock, formatEventTime } from '@/lib/format-event-time';
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
  const { t } = useTranslation('events');
  const from = formatPriceFrom(event.priceFromCents, event.currency);
  const timeZone = eventTimeZone(event);
  return (
    <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      <Fact icon={<CalendarMonthRoundedIcon />} label={t('facts.when')}>
        <Typography sx={{ fontWeight: 700 }}>
          <time dateTime={event.startsAt}>{formatEventTime(event.startsAt, undefined, timeZone)}</time>
        </Typography>
        {event.doorsAt != null && (
          <Typography variant="body2" color="text.secondary">
            {t('facts.doors')} <time dateTime={event.doorsAt}>{formatEventClock(event.doorsAt, timeZone)}</time>
          </Typography>
        )}
        <Typography variant="body2" color="text.secondary">
          {t('facts.until')} <time dateTime={event.endsAt}>{formatEventTime(event.endsAt, undefined, timeZone)}</time>
        </Typography>
        {/* Served by the API, not the client router: a plain link that downloads the .ics file. */}
        <Link href={`/api/events/${encodeURIComponent(event.id)}/calendar.ics`} download variant="body2" sx={{ fontWeight: 600 }}>
          {t('page.addToCalendar')}
        </Link>
      </Fact>
      <Fact icon={<PlaceRoundedIcon />} label={t('facts.where')}>
        <Typography sx={{ fontWeight: 700 }}>{event.venue.name}</Typography>
        <Typography variant="body2" color="text.secondary">
          {[event.venue.address, event.venue.city].filter((part) => part.trim() !== '').join(', ')}
        </Typography>
      </Fact>
      <Fact icon={<ConfirmationNumberRoundedIcon />} label={t('facts.tickets')}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography sx={{ fontWeight: 700 }}>{from ?? t('facts.noPrices')}</Typography>
          <AvailabilityChip remaining={event.remaining} capacity={event.capacity} />
        </Stack>
        <Typography variant="body2" color="text.secondary">
          {event.seating === 'reserved' ? t('facts.reserved') : t('facts.general')} ·{' '}
          {t('facts.perOrder', { count: event.maxTicketsPerOrder })}
        </Typography>
      </Fact>
    </Stack>
  );
}
