/** /admin/events/:id/codes: an event's discount and access codes, made, listed and exported. */
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ConfirmationNumberRoundedIcon from '@mui/icons-material/ConfirmationNumberRounded';
import DownloadRoundedIcon from '@mui/icons-material/DownloadRounded';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { codesCsvHref, useCodes, useManagedEvent } from '../api/codes';
import { CodesTable } from './codes-table';
import { NewCodesForm } from './new-codes-form';

export function CodesPage() {
  const { t } = useTranslation('codes');
  const { id = '' } = useParams();
  const event = useManagedEvent(id);
  const codes = useCodes(id);
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
          {codes.isPending && <LoadingState label={t('admin.loading')} />}
          {codes.isError && <ErrorState error={codes.error} title={t('admin.loadFailed')} onRetry={() => void codes.refetch()} />}
          {codes.isSuccess && codes.data.length === 0 && (
            <EmptyState icon={<ConfirmationNumberRoundedIcon />} title={t('admin.empty')} description={t('admin.emptyText')} />
          )}
          {codes.isSuccess && codes.data.length > 0 && <CodesTable event={event.data} codes={codes.data} />}
        </>
      )}
    </Container>
  );
}
