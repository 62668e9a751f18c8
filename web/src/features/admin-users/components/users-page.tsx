/**
 * Admin > Users: find accounts (debounced search, role, disabled), change a role, disable or enable
 * an account. Each change is confirmed in a dialog first; the API refuses to remove the last admin.
 */
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

function countText(shown: number, more: boolean): string {
  if (shown === 1 && !more) return '1 user';
  return `${shown} users${more ? ' shown, more available' : ''}`;
}

export function UsersPage() {
  useDocumentTitle('Users');
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const query = useUsers({ ...filters, q: useDebouncedValue(filters.q) });
  const me = useCurrentUser();
  const [pending, setPending] = useState<{ user: User; change: UserChange } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const users = query.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = filters.q.trim() !== '' || filters.role !== 'any' || filters.showDisabled;

  let content;
  if (query.isPending) content = <LoadingState label="Loading users…" />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title="We could not load the users" onRetry={() => void query.refetch()} />;
  else if (users.length === 0)
    content = (
      <EmptyState
        icon={<PeopleAltRoundedIcon />}
        title={filtered ? 'No users match these filters' : 'No users yet'}
        description={filtered ? 'Try another name or email, or clear the filters.' : 'Accounts appear here as people register.'}
        action={filtered && <Button onClick={() => setFilters(NO_FILTERS)}>Clear filters</Button>}
      />
    );
  else
    content = (
      <>
        <UsersTable users={users} currentUserId={me.data?.id} onChoose={(user, change) => setPending({ user, change })} />
        <LoadMore query={query} errorTitle="We could not load more users" />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title="Users"
        description="Find accounts, give staff or admin access, and disable accounts that should no longer sign in."
        breadcrumbs={[{ label: 'Admin', href: paths.admin.getHref() }]}
      />
      <UserFilters value={filters} onChange={setFilters} />
      <Box aria-busy={query.isFetching} sx={{ position: 'relative' }}>
        {query.isPlaceholderData && (
          <LinearProgress aria-label="Updating results" sx={{ position: 'absolute', top: -8, left: 0, right: 0 }} />
        )}
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess ? countText(users.length, query.hasNextPage) : ''}
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
