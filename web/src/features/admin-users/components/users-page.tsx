/**
 * Admin > Users: find accounts (debounced search, role, disabled), change a role, disable or enable
 * an account. Each change is confirmed in a dialog first; the API refuses to remove the last admin.
 */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import LinearProgress from '@mui/material/LinearProgress';
import Snackbar from '@mui/material/Snackbar';
import Typography from '@mui/material/Typography';
import PeopleAltRoundedIcon from '@mui/icons-material/PeopleAltRounded';
import type { User } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadMore, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useUsers, type UserFilters as Filters } from '../api/get-users';
import type { UserChange } from './user-change';
import { UserChangeDialog } from './user-change-dialog';
import { UserFilters } from './user-filters';
import { UsersTable } from './users-table';

const NO_FILTERS: Filters = { q: '', role: 'any', showDisabled: false };

export function UsersPage() {
  const { t } = useTranslation('admin-users');
  useDocumentTitle(t('title'));
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const query = useUsers({ ...filters, q: useDebouncedValue(filters.q) });
  const me = useCurrentUser();
  const [pending, setPending] = useState<{ user: User; change: UserChange } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const users = query.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = filters.q.trim() !== '' || filters.role !== 'any' || filters.showDisabled;

  let content;
  if (query.isPending) content = <LoadingState label={t('loading')} />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title={t('loadFailed')} onRetry={() => void query.refetch()} />;
  else if (users.length === 0)
    content = (
      <EmptyState
        icon={<PeopleAltRoundedIcon />}
        title={filtered ? t('emptyFiltered') : t('empty')}
        description={filtered ? t('emptyFilteredText') : t('emptyText')}
        action={filtered && <Button onClick={() => setFilters(NO_FILTERS)}>{t('clear')}</Button>}
      />
    );
  else
    content = (
      <>
        <UsersTable users={users} currentUserId={me.data?.id} onChoose={(user, change) => setPending({ user, change })} />
        <LoadMore query={query} errorTitle={t('moreFailed')} />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={t('title')}
        description={t('description')}
        breadcrumbs={[{ label: t('common:nav.admin'), href: paths.admin.getHref() }]}
      />
      <UserFilters value={filters} onChange={setFilters} />
      <Box aria-busy={query.isFetching} sx={{ position: 'relative' }}>
        {query.isPlaceholderData && (
          <LinearProgress aria-label={t('updating')} sx={{ position: 'absolute', top: -8, left: 0, right: 0 }} />
        )}
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess ? t(query.hasNextPage ? 'countMore' : 'count', { count: users.length }) : ''}
        </Typography>
        {content}
      </Box>
      <UserChangeDialog
        pending={pending}
        onClose={() => setPending(null)}
        onDone={(message) => {
          setPending(null);
          setNotice(message);
        }}
      />
      <Snackbar
        open={notice !== null}
        message={notice}
        autoHideDuration={6000}
        onClose={() => setNotice(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </Container>
  );
}
