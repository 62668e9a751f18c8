/**
 * The answer to the last scan, big enough to read at arm's length: green to let someone in, red
 * for anything else, with who the ticket is for. Announced to screen readers as it changes. An
 * answer judged on the device (offline) says so: the server confirms it at the next sync.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import CheckCircleRoundedIcon from '@mui/icons-material/CheckCircleRounded';
import CancelRoundedIcon from '@mui/icons-material/CancelRounded';
import CloudOffRoundedIcon from '@mui/icons-material/CloudOffRounded';
import type { CheckinResponse } from '@iatichet/contracts';
import { useTranslation } from 'react-i18next';
import { formatTime } from '@/lib/format-date';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';
import { resultView, seatLine } from '../utils/result-text';

export interface ShownAnswer extends CheckinResponse {
  offline?: boolean;
  judgedMs?: number;
}

/**
 * `seq` counts the answers shown, so that two equal answers in a row are still told apart;
 * `timeZone` is the event's, in which "already checked in at" is told.
 */
export function ScanResult({
  answer,
  seq = 0,
  timeZone,
}: {
  answer: ShownAnswer | null;
  seq?: number;
  timeZone?: string | undefined;
}) {
  const { t } = useTranslation(CHECKIN_NS);
  if (answer === null) {
    return (
      <Box
        role="status"
        sx={{ p: 3, borderRadius: 3, border: 2, borderStyle: 'dashed', borderColor: 'divider', textAlign: 'center' }}
      >
        <Typography color="text.secondary">{t('result.placeholder')}</Typography>
      </Box>
    );
  }
  const offline = answer.offline === true;
  const view = resultView(answer, (iso) => formatTime(iso, timeZone), t, { offline });
  const Icon = view.admit ? CheckCircleRoundedIcon : CancelRoundedIcon;
  return (
    <Box
      role="status"
      data-testid="scan-result"
      data-result={answer.result}
      data-offline={offline ? 'true' : 'false'}
      data-seq={seq}
      data-judged-ms={answer.judgedMs === undefined ? undefined : answer.judgedMs.toFixed(1)}
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
              {answer.ticket.attendeeName ?? t('result.noName')}
            </Typography>
            <Typography>{seatLine(answer.ticket, t)}</Typography>
            {answer.ticket.reservationCode !== '' && (
              <Typography sx={{ opacity: 0.85 }}>{t('result.reservation', { code: answer.ticket.reservationCode })}</Typography>
            )}
          </Box>
        )}
        {offline && (
          <Typography sx={{ mt: 1.5, display: 'flex', gap: 1, alignItems: 'center', fontSize: '0.95rem' }}>
            <CloudOffRoundedIcon fontSize="small" aria-hidden />
            {t('result.judgedOffline')}
          </Typography>
        )}
      </Box>
    </Box>
  );
}
