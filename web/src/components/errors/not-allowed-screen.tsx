import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import LockPersonRoundedIcon from '@mui/icons-material/LockPersonRounded';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { ErrorScreen } from './error-screen';

/** Shown to a signed-in person who opened a page their role does not allow (an admin page, say). */
export function NotAllowedScreen() {
  const { t } = useTranslation();
  useDocumentTitle(t('errorPage.notAllowedDocTitle'));
  return (
    <ErrorScreen
      icon={<LockPersonRoundedIcon />}
      title={t('errorPage.notAllowedTitle')}
      message={t('errorPage.notAllowedText')}
      actions={
        <>
          <Button variant="contained" component={RouterLink} to={paths.home.getHref()}>
            {t('actions.home')}
          </Button>
          <Button variant="outlined" component={RouterLink} to={paths.account.getHref()}>
            {t('actions.yourAccount')}
          </Button>
        </>
      }
    />
  );
}
