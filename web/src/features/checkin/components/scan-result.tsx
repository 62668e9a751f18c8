/**
 * The answer to the last scan, big enough to read at arm's length: green to let someone in, red
 * for anything else, with who the ticket is for. Announced to screen readers as it changes.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import CheckCircleRoundedIcon from '@mui/icons-material/CheckCircleRounded';
import CancelRoundedIcon from '@mui/icons-material/CancelRounded';
import type { CheckinResponse } from '@iatichet/contracts';
import { formatTime } from '@/lib/format-date';
import { resultView, seatLine } from '../utils/result-text';

export function ScanResult({ answer }: { answer: CheckinResponse | null }) {
  if (answer === null) {
    return (
      <Box
        role="status"
        sx={{ p: 3, borderRadius: 3, border: 2, borderStyle: 'dashed', borderColor: 'divider', textAlign: 'center' }}
      >
        <Typography color="text.secondary">Scan a ticket or type its code. The result appears here.</Typography>
      </Box>
    );
  }
  const view = resultView(answer, formatTime);
  const Icon = view.admit ? CheckCircleRoundedIcon : CancelRoundedIcon;
  return (
    <Box
      role="status"
      data-testid="scan-result"
      data-result={answer.result}
      sx={{
        p: { xs: 2.5, sm: 3.5 },
        borderRadius: 3,
        color: 'common.white',
        bgcolor: view.admit ? 'success.dark' : 'error.dark',
        display: 'grid',
        gridTemplateColumns: 'auto 1fr',
        gap: 2,
        alignItems: 'center',
      }}
    >
      <Icon sx={{ fontSize: { xs: 64, sm: 88 } }} aria-hidden />
      <Box sx={{ minWidth: 0 }}>
        <Typography component="p" sx={{ fontSize: { xs: '2rem', sm: '2.6rem' }, fontWeight: 800, lineHeight: 1.1 }}>
          {view.headline}
        </Typography>
        <Typography sx={{ mt: 0.5, fontSize: '1.05rem' }}>{view.explanation}</Typography>
        {answer.ticket !== null && (
          <Box sx={{ mt: 1.5 }}>
            <Typography sx={{ fontSize: '1.4rem', fontWeight: 700, overflowWrap: 'anywhere' }}>
              {answer.ticket.attendeeName ?? 'No name given'}
            </Typography>
            <Typography>{seatLine(answer.ticket)}</Typography>
            <Typography sx={{ opacity: 0.85 }}>Reservation {answer.ticket.reservationCode}</Typography>
          </Box>
        )}
      </Box>
    </Box>
  );
}
