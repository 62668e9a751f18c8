import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Grid from '@mui/material/Grid';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';

interface LoadingStateProps {
  /** Said to screen readers, and shown under the spinner. */
  label?: string;
  /** `cards`: placeholder cards in the shape of a list that is about to appear. */
  variant?: 'spinner' | 'cards';
  cards?: number;
}

export function LoadingState({ label: given, variant = 'spinner', cards = 3 }: LoadingStateProps) {
  const { t } = useTranslation();
  const label = given ?? t('state.loading');
  if (variant === 'cards') {
    return (
      <Box role="status" aria-busy="true" aria-label={label}>
        <Grid container spacing={3}>
          {Array.from({ length: cards }, (_, index) => (
            <Grid key={index} size={{ xs: 12, sm: 6, md: 4 }}>
              <Skeleton variant="rounded" height={160} />
              <Skeleton width="80%" sx={{ mt: 1.5 }} />
              <Skeleton width="50%" />
            </Grid>
          ))}
        </Grid>
      </Box>
    );
  }
  return (
    <Box role="status" aria-busy="true" sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 2, py: 8 }}>
      <CircularProgress aria-hidden="true" />
      <Typography color="text.secondary">{label}</Typography>
    </Box>
  );
}
