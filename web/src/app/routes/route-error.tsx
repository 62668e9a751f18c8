/**
 * The router's errorElement: a page that threw while rendering. A 404 thrown by a route shows the
 * not-found page; anything else a friendly message with retry and home, never the error itself.
 */
import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link as RouterLink, useRouteError } from 'react-router';
import Button from '@mui/material/Button';
import ErrorOutlineRoundedIcon from '@mui/icons-material/ErrorOutlineRounded';
import { ErrorScreen } from '@/components/errors/error-screen';
import { paths } from '@/config/paths';
import { isApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-messages';
import { useDocumentTitle } from '@/lib/use-document-title';
import { NotFoundRoute } from './not-found';

export function RouteErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = (isRouteErrorResponse(error) && error.status === 404) || (isApiError(error) && error.code === 'not_found');
  useDocumentTitle(notFound ? t('errorPage.notFoundTitle') : t('state.somethingWrong'));
  if (notFound) return <NotFoundRoute />;

  return (
    <ErrorScreen
      icon={<ErrorOutlineRoundedIcon />}
      title={t('state.somethingWrong')}
      message={isApiError(error) ? errorMessage(error) : t('errorPage.stopped')}
      actions={
        <>
          <Button variant="contained" onClick={() => window.location.reload()}>
            {t('actions.tryAgain')}
          </Button>
          <Button variant="outlined" component={RouterLink} to={paths.home.getHref()}>
            {t('actions.home')}
          </Button>
        </>
      }
    />
  );
}
