import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import LockPersonRoundedIcon from '@mui/icons-material/LockPersonRounded';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { ErrorScreen } from './error-screen';

/** Shown to a signed-in person who opened a page their role does not allow (an admin page, say). */
export function NotAllowedScreen() {
  useDocumentTitle('Not allowed');
  return (
    <ErrorScreen
      icon={<LockPersonRoundedIcon />}
      title="This page is not for your account"
      message="You are signed in, but your account does not have access to this page. If you think it should, ask an iaTichet administrator."
      actions={
        <>
          <Button variant="contained" component={RouterLink} to={paths.home.getHref()}>
            Go to the home page
          </Button>
          <Button variant="outlined" component={RouterLink} to={paths.account.getHref()}>
            Your account
          </Button>
        </>
      }
    />
  );
}
