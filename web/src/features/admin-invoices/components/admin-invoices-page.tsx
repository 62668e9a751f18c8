/**
 * Admin > Invoices: the register of invoices and credit notes, newest first, filtered by organizer
 * and issue date, with each PDF and the whole selection as CSV. Managers see their organizers only
 * (the API decides); a site admin sees every organizer.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import DownloadRoundedIcon from '@mui/icons-material/DownloadRounded';
import ReceiptLongRoundedIcon from '@mui/icons-material/ReceiptLongRounded';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadMore, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { invoicesCsvHref, useAdminInvoices, useInvoiceOrganizers, type InvoiceFilters } from '../api/get-admin-invoices';
import { InvoicesTable } from './invoices-table';

export function AdminInvoicesPage() {
  const { t } = useTranslation('invoices');
  useDocumentTitle(t('admin.title'));
  const [filters, setFilters] = useState<InvoiceFilters>({ organizerId: '', from: '', to: '' });
  const query = useAdminInvoices(filters);
  const organizers = useInvoiceOrganizers();
  const invoices = query.data?.pages.flatMap((page) => page.items) ?? [];

  let content;
  if (query.isPending) content = <LoadingState label={t('admin.loading')} />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title={t('admin.loadFailed')} onRetry={() => void query.refetch()} />;
  else if (invoices.length === 0) content = <EmptyState icon={<ReceiptLongRoundedIcon />} title={t('admin.empty')} />;
  else
    content = (
      <>
        <InvoicesTable invoices={invoices} />
        <LoadMore query={query} errorTitle={t('admin.loadFailed')} />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={t('admin.title')}
        description={t('admin.intro')}
        breadcrumbs={[{ label: t('common:nav.admin'), href: paths.admin.getHref() }]}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 3, alignItems: { sm: 'center' } }}>
        <TextField
          select
          label={t('admin.organizer')}
          value={filters.organizerId}
          onChange={(e) => setFilters({ ...filters, organizerId: e.target.value })}
          sx={{ minWidth: 220 }}
        >
          <MenuItem value="">{t('admin.allOrganizers')}</MenuItem>
          {(organizers.data ?? []).map((o) => (
            <MenuItem key={o.id} value={o.id}>
              {o.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          type="date"
          label={t('admin.from')}
          value={filters.from}
          onChange={(e) => setFilters({ ...filters, from: e.target.value })}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <TextField
          type="date"
          label={t('admin.to')}
          value={filters.to}
          onChange={(e) => setFilters({ ...filters, to: e.target.value })}
          slotProps={{ inputLabel: { shrink: true } }}
        />
        <Button
          variant="outlined"
          startIcon={<DownloadRoundedIcon />}
          href={invoicesCsvHref(filters)}
          download="invoices.csv"
          sx={{ minHeight: 44 }}
        >
          {t('admin.csv')}
        </Button>
      </Stack>
      <Box aria-busy={query.isFetching}>{content}</Box>
    </Container>
  );
}
