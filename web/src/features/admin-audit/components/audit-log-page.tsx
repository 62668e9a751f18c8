/**
 * Admin > Audit log: who did what to which record, newest first. The filters live in the address
 * (`?action=&entityId=`) so "View history" on a user opens the log already narrowed to them.
 */
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation('admin-audit');
  useDocumentTitle(t('title'));
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
  if (query.isPending) content = <LoadingState label={t('loading')} />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title={t('loadFailed')} onRetry={() => void query.refetch()} />;
  else if (entries.length === 0)
    content = (
      <EmptyState
        icon={<ManageSearchRoundedIcon />}
        title={filtered ? t('emptyFiltered') : t('empty')}
        description={filtered ? t('emptyFilteredText') : t('emptyText')}
        action={filtered && <Button onClick={() => setFilters(NO_FILTERS)}>{t('clear')}</Button>}
      />
    );
  else
    content = (
      <>
        <AuditTable entries={entries} onPickRecord={(entityId) => setFilters({ ...filters, entityId })} />
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
      <AuditFilters value={filters} onChange={setFilters} />
      <Box aria-busy={query.isFetching} sx={{ position: 'relative' }}>
        {query.isPlaceholderData && (
          <LinearProgress aria-label={t('updating')} sx={{ position: 'absolute', top: -8, left: 0, right: 0 }} />
        )}
        <Typography role="status" sx={visuallyHidden}>
          {query.isSuccess ? t(query.hasNextPage ? 'countMore' : 'count', { count: entries.length }) : ''}
        </Typography>
        {content}
      </Box>
    </Container>
  );
}
