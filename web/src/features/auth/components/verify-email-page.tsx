import { useEffect, useRef } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useVerifyEmail } from '../api/email-links';
import { EMAIL_TEXT } from '../email-strings';
import { AuthCard } from './auth-card';
import { ResendVerificationButton } from './unverified-banner';

/** Landing page of the verification link: confirms the token once, then says what happened. */
export function VerifyEmailPage() {
  useDocumentTitle(EMAIL_TEXT.verifyTitle);
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const verify = useVerifyEmail();
  const { mutate } = verify;
  // A token works once: StrictMode's second effect must not send it again and show its 400.
  const sent = useRef(false);
  useEffect(() => {
    if (token === '' || sent.current) return;
    sent.current = true;
    mutate(token);
  }, [token, mutate]);

  let body;
  if (token === '') body = <Alert severity="error">{EMAIL_TEXT.missingToken}</Alert>;
  else if (verify.isSuccess)
    body = (
      <Stack spacing={2.5}>
        <Alert severity="success" role="status">
          {EMAIL_TEXT.verifiedBody}
        </Alert>
        <Button component={RouterLink} to={paths.events.getHref()} variant="contained" size="large" fullWidth>
          {EMAIL_TEXT.browseEvents}
        </Button>
      </Stack>
    );
  else if (verify.isError)
    body = (
      <Stack spacing={2.5}>
        <Alert severity="error" role="alert">
          {errorMessage(verify.error)}
        </Alert>
        <ResendVerificationButton />
      </Stack>
    );
  else
    body = (
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }} role="status">
        <CircularProgress size={24} aria-hidden />
        <Typography>{EMAIL_TEXT.verifying}</Typography>
      </Stack>
    );

  return (
    <AuthCard
      title={verify.isSuccess ? EMAIL_TEXT.verifiedTitle : EMAIL_TEXT.verifyTitle}
      subtitle=""
      footer={
        <Link component={RouterLink} to={paths.signIn.getHref()} sx={{ fontWeight: 600 }}>
          {EMAIL_TEXT.signIn}
        </Link>
      }
    >
      {body}
    </AuthCard>
  );
}
