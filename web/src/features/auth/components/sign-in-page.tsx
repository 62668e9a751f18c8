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
  useDocumentTitle('Sign in');
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
    if (email === '') found.email = 'Enter your email address.';
    if (password === '') found.password = 'Enter your password.';
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
      title="Sign in"
      subtitle="Welcome back. Sign in to see your tickets and reservations."
      footer={
        <>
          New to iaTichet?{' '}
          <Link component={RouterLink} to={paths.register.getHref(rawReturnTo ?? undefined)} sx={{ fontWeight: 600 }}>
            Create an account
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
            label="Password"
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
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
