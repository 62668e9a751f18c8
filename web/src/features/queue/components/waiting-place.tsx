/**
 * The waiting person's place: position, how many are ahead, a progress bar and the estimate. The
 * place is also said in a polite live region, so a screen reader hears it change without losing
 * the reader's place on the page (no focus moves); at most every 20 seconds while it falls fast
 * (each fall said would drown everything else), and at once when nobody is ahead any more.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { QueuePlace } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { usePacedValue } from '@/lib/use-paced-value';
import { estimateWords, queueProgress } from '../utils/waiting-room-stage';

function useEstimateText(seconds: number | null): string {
  const { t } = useTranslation('queue');
  const words = estimateWords(seconds);
  switch (words.kind) {
    case 'unknown':
      return t('estimate.unknown');
    case 'lessThanMinute':
      return t('estimate.lessThanMinute');
    case 'minutes':
      return t('estimate.minutes', { count: words.count });
    case 'hours':
      return words.minutes === 0
        ? t('estimate.hours', { count: words.hours })
        : t('estimate.hoursMinutes', {
            hours: t('estimate.hoursPart', { count: words.hours }),
            minutes: t('estimate.minutesPart', { count: words.minutes }),
          });
  }
}

/** The least time between two places said aloud while the line moves. */
const ANNOUNCE_EVERY_MS = 20_000;

export function WaitingPlace({ place }: { place: QueuePlace }) {
  const { t } = useTranslation('queue');
  // The most people ever seen ahead on this page: the bar's starting point (see queueProgress).
  const [mostAhead, setMostAhead] = useState(place.ahead);
  if (place.ahead > mostAhead) setMostAhead(place.ahead);
  const progress = Math.round(queueProgress(place.ahead, Math.max(mostAhead, place.ahead)) * 100);
  const estimate = useEstimateText(place.estimatedWaitSeconds);
  const position = t('waiting.position', { position: place.position ?? '' });
  const ahead = place.ahead === 0 ? t('waiting.noneAhead') : t('waiting.ahead', { count: place.ahead });
  const said = usePacedValue(`${position} ${ahead}`, ANNOUNCE_EVERY_MS, place.ahead === 0);
  return (
    <Stack spacing={2}>
      <Box data-testid="queue-place">
        <Typography component="p" variant="h5" sx={{ fontWeight: 700 }}>
          {position}
        </Typography>
        <Typography component="p" sx={{ mt: 0.5 }}>
          {ahead}
        </Typography>
      </Box>
      <Box role="status" aria-live="polite" aria-atomic="true" sx={visuallyHidden}>
        {said}
      </Box>
      <LinearProgress
        variant="determinate"
        value={progress}
        aria-label={t('waiting.progressLabel')}
        sx={{ height: 10, borderRadius: 5 }}
      />
      <Box>
        <Typography component="p">{t('waiting.estimate', { estimate })}</Typography>
        <Typography component="p" variant="body2" color="text.secondary">
          {t('waiting.estimateNote')}
        </Typography>
      </Box>
    </Stack>
  );
}
