import { currentLocale } from '@/i18n/locale';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import { Navigate, Link as RouterLink, useSearchParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { PASSWORD_MIN_LENGTH } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/auth/current-user';
import { safeReturnTo } from '@/lib/auth/return-to';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useRegister } from '../api/register';
import { EMAIL_TEXT } from '../email-strings';
import { AuthCard } from './auth-card';
import { PasswordField } from './password-field';
import { EmailField } from './email-field';

const FIELDS = ['name', 'email', 'password'] as const;
// Only catches typos such as a missing @; the server has the final say.
const LOOKS_LIKE_EMAIL = /^[^\s@]+@[^\s@]+$/;

function checkRegistration(name: string, email: string, password: string): Record<string, string> {
  const found: Record<string, string> = {};
  if (name === '') found.name = i18next.t('auth:register.nameRequired');
  if (email === '') found.email = i18next.t('auth:register.emailRequired');
  else if (!LOOKS_LIKE_EMAIL.test(email)) found.email = i18next.t('auth:register.emailFormat');
  if (password.length < PASSWORD_MIN_LENGTH) found.password = i18next.t('auth:password.tooShort', { count: PASSWORD_MIN_LENGTH });
  return found;
}

function CheckEmail({ email, returnTo }: { email: string; returnTo: string }) {
  return (
    <AuthCard title={EMAIL_TEXT.checkEmailTitle} subtitle="" footer={EMAIL_TEXT.checkEmailSpam}>
      <Stack spacing={2.5}>
        <Alert severity="info" role="status">
          {EMAIL_TEXT.checkEmailBody(email)}
        </Alert>
        <Button component={RouterLink} to={returnTo} variant="contained" size="large" fullWidth>
          {EMAIL_TEXT.continue}
        </Button>
      </Stack>
    </AuthCard>
  );
}

export function RegisterPage() {
  const { t } = useTranslation('auth');
  useDocumentTitle(t('register.title'));
  const [searchParams] = useSearchParams();
  const rawReturnTo = searchParams.get('returnTo');
  const me = useCurrentUser();
  const register = useRegister();
  const { errors, startAttempt, markEdited } = useFormErrors(register.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useFocusFirstInvalid(formRef, attempts);

  // Registered: the same "check your email" whether the address was new or taken (the answer
  // must not tell which), before the signed-in redirect below.
  if (register.isSuccess) return <CheckEmail email={register.variables.email} returnTo={safeReturnTo(rawReturnTo)} />;
  if (me.data) return <Navigate to={safeReturnTo(rawReturnTo)} replace />;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = formText(data, 'name').trim();
    const email = formText(data, 'email').trim();
    const password = formText(data, 'password');
    const found = checkRegistration(name, email, password);
    startAttempt(found);
    if (Object.keys(found).length > 0) {
      register.reset();
      setAttempts((count) => count + 1);
      return;
    }
    register.mutate({ name, email, password, locale: currentLocale() }, { onError: () => setAttempts((count) => count + 1) });
  }

  return (
    <AuthCard
      title={t('register.title')}
      subtitle={t('register.subtitle')}
      footer={
        <>
          {t('register.haveAccount')}{' '}
          <Link component={RouterLink} to={paths.signIn.getHref(rawReturnTo ?? undefined)} sx={{ fontWeight: 600 }}>
            {t('signIn.submit')}
          </Link>
        </>
      }
    >
      <form ref={formRef} noValidate onSubmit={handleSubmit} onChange={(event) => markEdited(fieldNameOf(event.target))}>
        <Stack spacing={2.5}>
          <FormErrorAlert error={register.error} fieldNames={FIELDS} />
          <TextField
            name="name"
            label={t('account.name')}
            autoComplete="name"
            required
            fullWidth
            error={errors.name !== undefined}
            helperText={errors.name ?? t('register.nameHelp')}
          />
          <EmailField error={errors.email} />
          <PasswordField
            name="password"
            label={t('signIn.password')}
            autoComplete="new-password"
            required
            fullWidth
            error={errors.password !== undefined}
            helperText={errors.password ?? t('password.help', { count: PASSWORD_MIN_LENGTH })}
          />
          <Button type="submit" variant="contained" size="large" loading={register.isPending} fullWidth>
            {t('register.submit')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
