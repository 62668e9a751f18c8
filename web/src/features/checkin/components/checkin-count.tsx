/** The running count at the door: checked in over paid tickets, as a number and a bar. */
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { useCheckinStats } from '../api/get-checkin-stats';

export function CheckinCount({ eventId }: { eventId: string }) {
  const stats = useCheckinStats(eventId);
  if (stats.data === undefined) {
    return (
      <Typography color="text.secondary">{stats.isError ? 'The count is not available right now.' : 'Counting…'}</Typography>
    );
  }
  const { total, checkedIn } = stats.data;
  return (
    <Box>
      <Typography data-testid="checkin-count" sx={{ fontWeight: 700, fontSize: '1.25rem' }}>
        {checkedIn} / {total} checked in
      </Typography>
      <LinearProgress
        variant="determinate"
        value={total === 0 ? 0 : (100 * checkedIn) / total}
        aria-label={`${checkedIn} of ${total} tickets checked in`}
        sx={{ mt: 1, height: 8, borderRadius: 4 }}
      />
    </Box>
  );
}
