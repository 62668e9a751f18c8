/**
 * "N people are viewing this event": the live count, announced politely to screen readers. Its line
 * is kept (empty) until the first count arrives over the socket, so that nothing below it moves
 * then: a page that jumps 36 px under the pointer turns a click on "Reserve" or "Apply" into a
 * click on whatever slid there (browser tests caught exactly that).
 */
import { useTranslation } from 'react-i18next';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import VisibilityRoundedIcon from '@mui/icons-material/VisibilityRounded';

export function LiveViewers({ count }: { count: number | undefined }) {
  const { t } = useTranslation('events');
  const shown = count !== undefined && count >= 1;
  return (
    // The small icon's height (1.25rem), so the empty line is as tall as the full one.
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary', minHeight: '1.25rem' }}>
      {shown && <VisibilityRoundedIcon aria-hidden="true" fontSize="small" />}
      {/* Present before it has anything to say, so screen readers follow it as a live region. */}
      <Typography variant="body2" role="status" aria-live="polite" data-testid="live-viewers">
        {shown ? t('viewers', { count }) : ''}
      </Typography>
    </Stack>
  );
}
