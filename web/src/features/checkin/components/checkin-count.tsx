/** The running count at the door: checked in over paid tickets, as a number and a bar. */
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useCheckinStats } from '../api/get-checkin-stats';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';

export function CheckinCount({ eventId }: { eventId: string }) {
  const { t } = useTranslation(CHECKIN_NS);
  const stats = useCheckinStats(eventId);
  if (stats.data === undefined) {
    return <Typography color="text.secondary">{stats.isError ? t('count.unavailable') : t('count.counting')}</Typography>;
  }
  const { total, checkedIn } = stats.data;
  return (
    <Box>
      <Typography data-testid="checkin-count" sx={{ fontWeight: 700, fontSize: '1.25rem' }}>
        {t('count.line', { checkedIn, total })}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={total === 0 ? 0 : (100 * checkedIn) / total}
        aria-label={t('count.progressLabel', { checkedIn, total })}
        sx={{ mt: 1, height: 8, borderRadius: 4 }}
      />
    </Box>
  );
}
