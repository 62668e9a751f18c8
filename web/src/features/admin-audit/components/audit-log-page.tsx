/**
 * Admin > Audit log: who did what to which record, newest first. The filters live in the address
 * (`?action=&entityId=`) so "View history" on a user opens the log already narrowed to them.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import ManageSearchRoundedIcon from '@mui/icons-material/ManageSearchRounded';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadMore, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useAuditLog, type AuditFilters as Filters } from '../api/get-audit-log';
import { AuditFilters } from './audit-filters';
import { AuditTable } from './audit-table';

const NO_FILTERS: Filters = { action: '', entityId: '' };

export function AuditLogPage() {
  useDocumentTitle('Audit log');
  const [searchParams, setSearchParams] = useSearchParams();
  const [filters, setFilters] = useState<Filters>(() => ({
    action: searchParams.get('action') ?? '',
    entityId: searchParams.get('entityId') ?? '',
  }));
  const applied = useDebouncedValue(filters);
  const query = useAuditLog(applied);

  useEffect(() => {
    const next = new URLSearchParams();
    if (applied.action.trim() !== '') next.set('action', applied.action.trim());
    if (applied.entityId.trim() !== '') next.set('entityId', applied.entityId.trim());
    if (next.toString() !== searchParams.toString()) setSearchParams(next, { replace: true });
  }, [applied, searchParams, setSearchParams]);

  const entries = query.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = filters.action !== '' || filters.entityId !== '';

  let content;
  if (query.isPending) content = <LoadingState label="Loading the audit log…" />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title="We could not load the audit log" onRetry={() => void query.refetch()} />;
  else if (entries.length === 0)
    content = (
      <EmptyState
        icon={<ManageSearchRoundedIcon />}
        title={filtered ? 'No entries match these filters' : 'Nothing recorded yet'}
        description={
          filtered
            ? 'Check the action and record id, or clear the filters.'
            : 'Changes made by admins appear here as they happen.'
        }
        action={filtered && <Button onClick={() => setFilters(NO_FILTERS)}>Clear filters</Button>}
      />
    );
  else
    content = (
      <>
        <AuditTable entries={entries} onPickRecord={(entityId) => setFilters({ ...filters, entityId })} />
        <LoadMore query={query} errorTitle="We could not load more entries" />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title="Audit log"
        description="Every change made by an admin: who, what, to which record, and when."
        breadcrumbs={[{ label: 'Admin', href: paths.admin.getHref() }]}
      />
      <AuditFilters value={filters} onChange={setFilters} />
      <Box aria-busy={query.isFetching} sx={{ position: 'relative' }}>
        {query.isPlaceholderData && (
          <LinearProgress aria-label="Updating results" sx={{ position: 'absolute', top: -8, left: 0, right: 0 }} />
        )}
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess ? `${entries.length} entries${query.hasNextPage ? ' shown, more available' : ''}` : ''}
        </Typography>
        {content}
      </Box>
    </Container>
  );
}
