import { useTranslation } from 'react-i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useRequestPasswordReset } from '../api/email-links';
import { EMAIL_TEXT } from '../email-strings';
import { AuthCard } from './auth-card';
import { EmailField } from './email-field';

const FIELDS = ['email'] as const;

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation('auth');
  useDocumentTitle(EMAIL_TEXT.forgotTitle);
  const request = useRequestPasswordReset();
  const { errors, startAttempt, markEdited } = useFormErrors(request.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useFocusFirstInvalid(formRef, attempts);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = formText(new FormData(event.currentTarget), 'email').trim();
    const found: Record<string, string> = email === '' ? { email: t('register.emailRequired') } : {};
    startAttempt(found);
    if (email === '') {
      request.reset();
      setAttempts((count) => count + 1);
      return;
    }
    request.mutate(email, { onError: () => setAttempts((count) => count + 1) });
  }

  return (
    <AuthCard
      title={EMAIL_TEXT.forgotTitle}
      subtitle={EMAIL_TEXT.forgotSubtitle}
      footer={
        <Link component={RouterLink} to={paths.signIn.getHref()} sx={{ fontWeight: 600 }}>
          {EMAIL_TEXT.signIn}
        </Link>
      }
    >
      {request.isSuccess ? (
        <Alert severity="success" role="status">
          {EMAIL_TEXT.forgotSent(request.variables)}
        </Alert>
      ) : (
        <form ref={formRef} noValidate onSubmit={handleSubmit} onChange={(event) => markEdited(fieldNameOf(event.target))}>
          <Stack spacing={2.5}>
            <FormErrorAlert error={request.error} fieldNames={FIELDS} />
            <EmailField error={errors.email} />
            <Button type="submit" variant="contained" size="large" loading={request.isPending} fullWidth>
              {EMAIL_TEXT.forgotSubmit}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
