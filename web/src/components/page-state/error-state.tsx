import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import { errorMessage } from '@/lib/error-messages';

interface ErrorStateProps {
  error: unknown;
  title?: string;
  /** Offered as a "Try again" button when given (e.g. a query's refetch). */
  onRetry?: () => void;
}

export function ErrorState({ error, title, onRetry }: ErrorStateProps) {
  const { t } = useTranslation();
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        onRetry !== undefined && (
          <Button color="inherit" size="small" onClick={onRetry}>
            {t('actions.tryAgain')}
          </Button>
        )
      }
      sx={{ alignItems: 'center' }}
    >
      <AlertTitle>{title ?? t('state.somethingWrong')}</AlertTitle>
      {errorMessage(error)}
    </Alert>
  );
}
