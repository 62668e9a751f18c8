/**
 * The foot of a paged list: a "Load more" button while the server has more, and the error of a
 * failed next page with a retry. For any infinite query.
 */
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { ErrorState } from './error-state';

interface PagedQuery {
  error: unknown;
  isFetchNextPageError: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

export function LoadMore({ query, errorTitle }: { query: PagedQuery; errorTitle?: string }) {
  const { t } = useTranslation();
  return (
    <>
      {query.isFetchNextPageError && (
        <Box sx={{ mt: 2 }}>
          <ErrorState
            error={query.error}
            title={errorTitle ?? t('state.loadMoreFailed')}
            onRetry={() => void query.fetchNextPage()}
          />
        </Box>
      )}
      {query.hasNextPage && (
        <Box sx={{ display: 'flex', justifyContent: 'center', mt: 3 }}>
          <Button variant="outlined" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t('actions.loadMore')}
          </Button>
        </Box>
      )}
    </>
  );
}
