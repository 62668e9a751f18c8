import { useTranslation } from 'react-i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import { PASSWORD_MIN_LENGTH } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-error';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useConfirmPasswordReset } from '../api/email-links';
import { EMAIL_TEXT } from '../email-strings';
import { AuthCard } from './auth-card';
import { PasswordField } from './password-field';

// The token is no field of the form: a 400 on /token is shown as the form's own error.
const FIELDS = ['newPassword'] as const;
const badLink = (error: unknown) =>
  isApiError(error) && error.code === 'validation_failed' && error.problem?.errors?.some((e) => e.path === '/token') === true;

/** Landing page of the reset link: choose a new password (every session then ends). */
export function ResetPasswordPage() {
  const { t } = useTranslation('auth');
  useDocumentTitle(EMAIL_TEXT.resetTitle);
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const confirm = useConfirmPasswordReset();
  const { errors, startAttempt, markEdited } = useFormErrors(confirm.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useFocusFirstInvalid(formRef, attempts);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = formText(new FormData(event.currentTarget), 'newPassword');
    const found: Record<string, string> =
      newPassword.length < PASSWORD_MIN_LENGTH ? { newPassword: t('password.tooShort', { count: PASSWORD_MIN_LENGTH }) } : {};
    startAttempt(found);
    if (Object.keys(found).length > 0) {
      confirm.reset();
      setAttempts((count) => count + 1);
      return;
    }
    confirm.mutate({ token, newPassword }, { onError: () => setAttempts((count) => count + 1) });
  }

  let body;
  if (token === '') body = <Alert severity="error">{EMAIL_TEXT.missingToken}</Alert>;
  else if (confirm.isSuccess)
    body = (
      <Stack spacing={2.5}>
        <Alert severity="success" role="status">
          {EMAIL_TEXT.resetDone}
        </Alert>
        <Button component={RouterLink} to={paths.signIn.getHref()} variant="contained" size="large" fullWidth>
          {EMAIL_TEXT.signIn}
        </Button>
      </Stack>
    );
  else
    body = (
      <form ref={formRef} noValidate onSubmit={handleSubmit} onChange={(event) => markEdited(fieldNameOf(event.target))}>
        <Stack spacing={2.5}>
          <FormErrorAlert error={confirm.error} fieldNames={FIELDS} />
          {badLink(confirm.error) && (
            <Link component={RouterLink} to={paths.forgotPassword.getHref()}>
              {EMAIL_TEXT.requestNewLink}
            </Link>
          )}
          <PasswordField
            name="newPassword"
            label={t('password.new')}
            autoComplete="new-password"
            required
            fullWidth
            error={errors.newPassword !== undefined}
            helperText={errors.newPassword ?? t('password.help', { count: PASSWORD_MIN_LENGTH })}
          />
          <Button type="submit" variant="contained" size="large" loading={confirm.isPending} fullWidth>
            {EMAIL_TEXT.resetSubmit}
          </Button>
        </Stack>
      </form>
    );

  return (
    <AuthCard
      title={EMAIL_TEXT.resetTitle}
      subtitle={EMAIL_TEXT.resetSubtitle}
      footer={
        <Link component={RouterLink} to={paths.forgotPassword.getHref()} sx={{ fontWeight: 600 }}>
          {EMAIL_TEXT.requestNewLink}
        </Link>
      }
    >
      {body}
    </AuthCard>
  );
}
