/**
 * On the event page, above the tickets, while the event sells through a waiting room: when it
 * opens and the way in. Someone already admitted (a valid pass in this tab) is not sent back.
 */
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import type { CatalogEvent } from '@iatichet/contracts';
import { paths } from '@/config/paths';
import { eventTimeZone } from '@/lib/format-event-time';
import { formatDateTime } from '@/lib/format-date';
import { queuePassFor } from '@/lib/queue-pass';

export function QueueNotice({ event }: { event: CatalogEvent }) {
  const { t } = useTranslation('queue');
  if (event.queue?.enabled !== true || queuePassFor(event.id) !== undefined) return null;
  const opensAt = event.queue.opensAt ?? event.salesStartAt;
  return (
    <Alert
      severity="info"
      sx={{
        mb: 3,
        alignItems: 'center',
        flexWrap: 'wrap',
        '& .MuiAlert-action': { ml: { xs: 0, sm: 'auto' }, pl: { xs: 0, sm: 2 } },
      }}
      action={
        <Button component={RouterLink} to={paths.eventQueue.getHref(event.id)} variant="contained">
          {t('notice.action')}
        </Button>
      }
    >
      {opensAt === null ? t('notice.textOpen') : t('notice.text', { time: formatDateTime(opensAt, eventTimeZone(event)) })}
    </Alert>
  );
}
