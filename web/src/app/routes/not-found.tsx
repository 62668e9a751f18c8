import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import { ErrorScreen } from '@/components/errors/error-screen';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';

export function NotFoundRoute() {
  useDocumentTitle('Page not found');
  return (
    <ErrorScreen
      eyebrow="404"
      title="Page not found"
      message="We could not find the page you asked for. The link may be old, or the address may have a typo."
      actions={
        <>
          <Button variant="contained" component={RouterLink} to={paths.home.getHref()}>
            Go to the home page
          </Button>
          <Button variant="outlined" component={RouterLink} to={paths.events.getHref()}>
            Browse events
          </Button>
        </>
      }
    />
  );
}
