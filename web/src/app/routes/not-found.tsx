import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import { ErrorScreen } from '@/components/errors/error-screen';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';

export function NotFoundRoute() {
  const { t } = useTranslation();
  useDocumentTitle(t('errorPage.notFoundTitle'));
  return (
    <ErrorScreen
      eyebrow="404"
      title={t('errorPage.notFoundTitle')}
      message={t('errorPage.notFoundText')}
      actions={
        <>
          <Button variant="contained" component={RouterLink} to={paths.home.getHref()}>
            {t('actions.home')}
          </Button>
          <Button variant="outlined" component={RouterLink} to={paths.events.getHref()}>
            {t('actions.browseEvents')}
          </Button>
        </>
      }
    />
  );
}
