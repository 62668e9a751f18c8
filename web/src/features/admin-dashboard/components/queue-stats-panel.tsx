/**
 * The dashboard's waiting-room panel (issue #20), live: how many wait, are admitted, hold tickets
 * and bought them, the admissions of the last minute, the phase, and the draw's seed for audit.
 * Not shown for an event without a waiting room.
 */
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { formatDateTime } from '@/lib/format-date';
import { formatNumber } from '@/lib/format-money';
import { useLiveQueueStats } from '../api/get-queue-stats';

export function QueueStatsPanel({ eventId, timeZone }: { eventId: string; timeZone: string }) {
  const { t } = useTranslation('queue');
  const query = useLiveQueueStats(eventId);
  const stats = query.data;
  if (stats === undefined || stats === null || !stats.enabled) return null;
  const numbers = [
    [t('dashboard.waiting'), stats.waiting],
    [t('dashboard.admitted'), stats.admitted],
    [t('dashboard.held'), stats.held],
    [t('dashboard.sold'), stats.sold],
    [t('dashboard.rate'), stats.admittedLastMinute],
  ] as const;
  return (
    <Box component="section" aria-labelledby="queue-stats-heading" sx={{ mt: 4 }}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 1 }}>
        <Typography id="queue-stats-heading" component="h2" variant="h6">
          {t('dashboard.title')}
        </Typography>
        <Chip
          size="small"
          color={stats.phase === 'admitting' ? 'success' : 'default'}
          label={t(`dashboard.phase.${stats.phase}`)}
        />
      </Stack>
      <Grid container spacing={2}>
        {numbers.map(([label, value]) => (
          <Grid key={label} size={{ xs: 6, sm: 4, md: 12 / 5 }}>
            <Paper variant="outlined" sx={{ p: 2, borderRadius: 3, height: '100%' }}>
              <Typography variant="body2" color="text.secondary">
                {label}
              </Typography>
              <Typography variant="h5" component="p" sx={{ fontWeight: 700 }} aria-label={`${label}: ${formatNumber(value)}`}>
                {formatNumber(value)}
              </Typography>
            </Paper>
          </Grid>
        ))}
      </Grid>
      {stats.drawnAt !== null && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5, overflowWrap: 'anywhere' }}>
          {t('dashboard.drawn', { time: formatDateTime(stats.drawnAt, timeZone), seed: stats.seed ?? '' })}
        </Typography>
      )}
    </Box>
  );
}
