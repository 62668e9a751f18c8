/** The waiting room's screens that need no live data: before opening, admitted, sold out, next steps. */
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { CatalogEvent, QueuePlace } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { paths } from '@/config/paths';
import { formatCountdown, msUntil, spokenCountdown } from '@/lib/countdown';
import { formatEventClock, eventTimeZone } from '@/lib/format-event-time';
import { formatDateTime } from '@/lib/format-date';
import { useNow } from '@/lib/use-now';

export function BeforeOpen({ event }: { event: CatalogEvent }) {
  const { t } = useTranslation('queue');
  const now = useNow();
  const opensAt = event.queue?.opensAt ?? '';
  const left = msUntil(opensAt, now);
  return (
    <Stack spacing={2}>
      <Typography component="p">{t('beforeOpen.opensAt', { time: formatDateTime(opensAt, eventTimeZone(event)) })}</Typography>
      <Box>
        <Typography component="p" variant="overline">
          {t('beforeOpen.opensIn')}
        </Typography>
        {/* The clock is for the eyes; a screen reader gets a sentence that changes once a minute. */}
        <Typography component="p" variant="h3" aria-hidden="true" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatCountdown(left)}
        </Typography>
        <Box component="span" sx={visuallyHidden}>
          {spokenCountdown(left)}
        </Box>
      </Box>
      <Typography component="p" color="text.secondary">
        {t('beforeOpen.keepOpen')}
      </Typography>
    </Stack>
  );
}

export function Admitted({ event, place }: { event: CatalogEvent; place: QueuePlace }) {
  const { t } = useTranslation('queue');
  const now = useNow(5_000);
  const expiresAt = place.passExpiresAt;
  const expired = expiresAt !== undefined && Date.parse(expiresAt) <= now;
  if (expired) return <Alert severity="warning">{t('admitted.expired')}</Alert>;
  return (
    <Alert
      severity="success"
      role="status"
      action={
        <Button component={RouterLink} to={paths.event.getHref(event.id)} variant="contained" color="success">
          {t('admitted.action')}
        </Button>
      }
      sx={{ alignItems: 'center', flexWrap: 'wrap', '& .MuiAlert-action': { ml: { xs: 0, sm: 'auto' }, pl: { xs: 0, sm: 2 } } }}
    >
      <AlertTitle>{t('admitted.title')}</AlertTitle>
      {expiresAt === undefined
        ? t('admitted.textNoExpiry')
        : t('admitted.text', { time: formatEventClock(expiresAt, eventTimeZone(event)) })}
      <Typography component="p" variant="body2" sx={{ mt: 0.5 }}>
        {t('admitted.tab')}
      </Typography>
    </Alert>
  );
}

/** The waiting list is offered where the event page has one: general admission with the list on. */
function offersWaitlist(event: CatalogEvent): boolean {
  return event.seating === 'general' && event.waitlist?.enabled !== false;
}

export function SoldOut({ event }: { event: CatalogEvent }) {
  const { t } = useTranslation('queue');
  return (
    <Alert severity="info" role="status">
      <AlertTitle>{t('soldOut.title')}</AlertTitle>
      {t('soldOut.text')}
      {offersWaitlist(event) && (
        <Stack spacing={1} sx={{ mt: 1.5, alignItems: 'flex-start' }}>
          <Typography component="p" variant="body2">
            {t('soldOut.waitlist')}
          </Typography>
          <Button component={RouterLink} to={`${paths.event.getHref(event.id)}#waitlist-heading`} variant="outlined">
            {t('soldOut.waitlistAction')}
          </Button>
        </Stack>
      )}
    </Alert>
  );
}

export function WhatHappensNext({ event }: { event: CatalogEvent }) {
  const { t } = useTranslation('queue');
  return (
    <Box component="section" aria-labelledby="queue-next-heading">
      <Typography id="queue-next-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
        {t('next.title')}
      </Typography>
      <Box component="ol" sx={{ m: 0, pl: 3, '& li': { mb: 0.75 } }}>
        <li>{t('next.draw')}</li>
        <li>{t('next.admission')}</li>
        <li>{t('next.pass', { count: event.queue?.passMinutes ?? 0 })}</li>
        <li>{t('next.soldOut')}</li>
      </Box>
    </Box>
  );
}
