import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import { useCurrentUser } from '@/lib/auth/current-user';
import { errorMessage } from '@/lib/error-messages';
import { useResendVerification } from '../api/email-links';
import { EMAIL_TEXT } from '../email-strings';

/** Sends the verification link again for the signed-in person; says whether it went. */
export function ResendVerificationButton() {
  const me = useCurrentUser();
  const resend = useResendVerification();
  if (!me.data || me.data.emailVerified) return null;
  return (
    <>
      <Button variant="outlined" onClick={() => resend.mutate()} loading={resend.isPending} disabled={resend.isSuccess}>
        {EMAIL_TEXT.resend}
      </Button>
      {resend.isSuccess && <span role="status">{EMAIL_TEXT.resent}</span>}
      {resend.isError && <span role="alert">{errorMessage(resend.error)}</span>}
    </>
  );
}

/** Under the header while the signed-in person's email is unconfirmed: what to do, and a way to get a new link. */
export function UnverifiedBanner() {
  const me = useCurrentUser();
  if (!me.data || me.data.emailVerified) return null;
  return (
    <Container maxWidth="lg" sx={{ pt: 2 }}>
      <Alert
        severity="warning"
        role="region"
        aria-label={EMAIL_TEXT.bannerLabel}
        sx={{ alignItems: 'center', '& .MuiAlert-action': { flexWrap: 'wrap', gap: 1, alignItems: 'center' } }}
        action={<ResendVerificationButton />}
      >
        {EMAIL_TEXT.bannerText(me.data.email)}
      </Alert>
    </Container>
  );
}
