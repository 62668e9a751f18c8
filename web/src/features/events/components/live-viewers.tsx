/** "N people are viewing this event": the live count, announced politely to screen readers. */
import { useTranslation } from 'react-i18next';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import VisibilityRoundedIcon from '@mui/icons-material/VisibilityRounded';

export function LiveViewers({ count }: { count: number | undefined }) {
  const { t } = useTranslation('events');
  if (count === undefined || count < 1) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary' }}>
      <VisibilityRoundedIcon aria-hidden="true" fontSize="small" />
      <Typography variant="body2" role="status" aria-live="polite" data-testid="live-viewers">
        {t('viewers', { count })}
      </Typography>
    </Stack>
  );
}
