/**
 * /admin/events/:id/codes: an event's discount and access codes, made, listed (newest first, a page
 * at a time, found by part of the code) and exported.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';
import DownloadRoundedIcon from '@mui/icons-material/DownloadRounded';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadingState, LoadMore } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useDocumentTitle } from '@/lib/use-document-title';
import { codesCsvHref, useCodes, useManagedEvent } from '../api/codes';
import { CodesTable } from './codes-table';
import { NewCodesForm } from './new-codes-form';

export function CodesPage() {
  const { t } = useTranslation('codes');
  const { id = '' } = useParams();
  const event = useManagedEvent(id);
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search).trim();
  const codes = useCodes(id, q);
  const list = codes.data?.pages.flatMap((page) => page.items) ?? [];
  useDocumentTitle(t('admin.docTitle'));
  const crumbs = [
    { label: t('admin.events'), href: paths.adminEvents.getHref() },
    ...(event.data === undefined ? [] : [{ label: event.data.title, href: paths.adminEvent.getHref(id) }]),
  ];
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 3, md: 5 } }}>
      <PageHeader title={t('admin.title')} description={t('admin.description')} breadcrumbs={crumbs} />
      {event.isPending && <LoadingState label={t('admin.loading')} />}
      {event.isError && <ErrorState error={event.error} title={t('admin.loadFailed')} onRetry={() => void event.refetch()} />}
      {event.isSuccess && (
        <>
          <NewCodesForm event={event.data} />
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 2, flexWrap: 'wrap', gap: 1 }}>
            <Typography component="h2" variant="h6">
              {t('admin.listTitle')}
            </Typography>
            <Button
              href={codesCsvHref(id)}
              download
              startIcon={<DownloadRoundedIcon />}
              variant="outlined"
              sx={{ minHeight: 44 }}
            >
              {t('admin.csv')}
            </Button>
          </Stack>
          <TextField
            type="search"
            label={t('admin.search')}
            helperText={t('admin.searchHelp')}
            value={search}
            onChange={(changeEvent) => setSearch(changeEvent.target.value)}
            slotProps={{ htmlInput: { maxLength: 40, autoComplete: 'off', spellCheck: false } }}
            sx={{ mb: 2, width: { xs: '100%', sm: 320 } }}
          />
          <Box aria-busy={codes.isFetching} sx={{ position: 'relative' }}>
            {codes.isPlaceholderData && (
              <LinearProgress aria-label={t('admin.updating')} sx={{ position: 'absolute', top: -8, left: 0, right: 0 }} />
            )}
            <Typography role="status" sx={visuallyHidden}>
              {codes.isSuccess ? t(codes.hasNextPage ? 'admin.shownMore' : 'admin.shown', { count: list.length }) : ''}
            </Typography>
            {codes.isPending && <LoadingState label={t('admin.loading')} />}
            {codes.isError && codes.data === undefined && (
              <ErrorState error={codes.error} title={t('admin.loadFailed')} onRetry={() => void codes.refetch()} />
            )}
            {codes.isSuccess && list.length === 0 && q === '' && (
              <EmptyState icon={<ConfirmationNumberRoundedIcon />} title={t('admin.empty')} description={t('admin.emptyText')} />
            )}
            {codes.isSuccess && list.length === 0 && q !== '' && (
              <EmptyState
                icon={<ConfirmationNumberRoundedIcon />}
                title={t('admin.emptyFiltered', { q })}
                description={t('admin.emptyFilteredText')}
                action={<Button onClick={() => setSearch('')}>{t('admin.clear')}</Button>}
              />
            )}
            {list.length > 0 && (
              <>
                <CodesTable event={event.data} codes={list} />
                <LoadMore query={codes} errorTitle={t('admin.moreFailed')} />
              </>
            )}
          </Box>
        </>
      )}
    </Container>
  );
}
