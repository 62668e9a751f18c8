import { useTranslation } from 'react-i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import { Navigate, Link as RouterLink, useSearchParams } from 'react-router';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/auth/current-user';
import { safeReturnTo } from '@/lib/auth/return-to';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useSignIn } from '../api/sign-in';
import { EMAIL_TEXT } from '../email-strings';
import { AuthCard } from './auth-card';
import { PasswordField } from './password-field';
import { EmailField } from './email-field';

const FIELDS = ['email', 'password'] as const;

export function SignInPage() {
  const { t } = useTranslation('auth');
  useDocumentTitle(t('signIn.submit'));
  const [searchParams] = useSearchParams();
  const rawReturnTo = searchParams.get('returnTo');
  const me = useCurrentUser();
  const signIn = useSignIn();
  const { errors, startAttempt, markEdited } = useFormErrors(signIn.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useFocusFirstInvalid(formRef, attempts);

  // Signed in (just now, or already before coming here): on to where they were going.
  if (me.data) return <Navigate to={safeReturnTo(rawReturnTo)} replace />;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = formText(data, 'email').trim();
    const password = formText(data, 'password');
    const found: Record<string, string> = {};
    if (email === '') found.email = t('register.emailRequired');
    if (password === '') found.password = t('signIn.passwordRequired');
    startAttempt(found);
    if (Object.keys(found).length > 0) {
      signIn.reset();
      setAttempts((count) => count + 1);
      return;
    }
    signIn.mutate({ email, password }, { onError: () => setAttempts((count) => count + 1) });
  }

  return (
    <AuthCard
      title={t('signIn.submit')}
      subtitle={t('signIn.subtitle')}
      footer={
        <>
          {t('signIn.newHere')}{' '}
          <Link component={RouterLink} to={paths.register.getHref(rawReturnTo ?? undefined)} sx={{ fontWeight: 600 }}>
            {t('register.title')}
          </Link>
        </>
      }
    >
      <form ref={formRef} noValidate onSubmit={handleSubmit} onChange={(event) => markEdited(fieldNameOf(event.target))}>
        <Stack spacing={2.5}>
          <FormErrorAlert error={signIn.error} fieldNames={FIELDS} />
          <EmailField error={errors.email} />
          <PasswordField
            name="password"
            label={t('signIn.password')}
            autoComplete="current-password"
            required
            fullWidth
            error={errors.password !== undefined}
            helperText={errors.password}
          />
          <Link component={RouterLink} to={paths.forgotPassword.getHref()} sx={{ alignSelf: 'flex-start' }}>
            {EMAIL_TEXT.forgotLink}
          </Link>
          <Button type="submit" variant="contained" size="large" loading={signIn.isPending} fullWidth>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
