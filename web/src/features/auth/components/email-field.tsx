import { useTranslation } from 'react-i18next';
import TextField from '@mui/material/TextField';

/** The email input of every account form, showing the server's message for it when there is one. */
export function EmailField({ error }: { error: string | undefined }) {
  const { t } = useTranslation('auth');
  return (
    <TextField
      name="email"
      label={t('account.email')}
      type="email"
      autoComplete="email"
      required
      fullWidth
      error={error !== undefined}
      helperText={error}
    />
  );
}
