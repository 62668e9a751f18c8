/** /admin/events/:id/waitlist: an event's waiting lists in join order, with places and statuses. */
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Container from '@mui/material/Container';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import HourglassEmptyRoundedIcon from '@mui/icons-material/HourglassEmptyRounded';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/lib/format-date';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useEventWaitlist } from '../api/get-event-waitlist';

export function AdminWaitlistPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('waitlist');
  useDocumentTitle(t('admin.title'));
  const query = useEventWaitlist(id);
  const title = query.data?.[0]?.event.title;

  let content;
  if (query.isPending) content = <LoadingState label={t('admin.loading')} />;
  else if (query.isError)
    content = <ErrorState error={query.error} title={t('admin.loadFailed')} onRetry={() => void query.refetch()} />;
  else if (query.data.length === 0)
    content = <EmptyState icon={<HourglassEmptyRoundedIcon />} title={t('admin.empty')} description={t('admin.emptyText')} />;
  else
    content = (
      <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 2 }}>
        <Table size="small" aria-label={t('admin.tableLabel')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('admin.position')}</TableCell>
              <TableCell>{t('admin.person')}</TableCell>
              <TableCell>{t('admin.type')}</TableCell>
              <TableCell align="right">{t('admin.quantity')}</TableCell>
              <TableCell>{t('admin.status')}</TableCell>
              <TableCell>{t('admin.joined')}</TableCell>
              <TableCell>{t('admin.offer')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {query.data.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell>{entry.position ?? '–'}</TableCell>
                <TableCell>
                  {entry.user.name}
                  <Box component="span" sx={{ display: 'block', color: 'text.secondary', overflowWrap: 'anywhere' }}>
                    {entry.user.email}
                  </Box>
                </TableCell>
                <TableCell>{entry.ticketTypeName}</TableCell>
                <TableCell align="right">{entry.quantity}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={t(`status.${entry.status}`)}
                    color={entry.status === 'offered' ? 'success' : 'default'}
                  />
                </TableCell>
                <TableCell>{formatDateTime(entry.createdAt, entry.event.timeZone)}</TableCell>
                <TableCell>
                  {entry.reservationId === null ? (
                    '–'
                  ) : (
                    <Link component={RouterLink} to={paths.adminReservation.getHref(entry.reservationId)}>
                      {t('admin.openReservation')}
                    </Link>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <Link component={RouterLink} to={paths.adminEvent.getHref(id)} sx={{ display: 'inline-block', mb: 2, fontWeight: 600 }}>
        {t('admin.back')}
      </Link>
      <PageHeader
        title={title === undefined ? t('admin.title') : t('admin.titleFor', { title })}
        description={t('admin.description')}
      />
      {content}
    </Container>
  );
}
