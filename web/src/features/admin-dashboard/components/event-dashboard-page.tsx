/**
 * /admin/events/:id/dashboard: one event's sale at a glance, live: sold, held, remaining, revenue
 * and check-ins, the waiting room when the event has one, per ticket type, and the paid tickets
 * over time.
 */
import { useTranslation } from 'react-i18next';
import { salesChartPoints } from '../utils/sales-chart-points';
import { useParams } from 'react-router';
import Box from '@mui/material/Box';
import Container from '@mui/material/Container';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { LineChart } from '@mui/x-charts/LineChart';
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { intlLocale } from '@/i18n/locale';
import { formatMoney, formatNumber } from '@/lib/format-money';
import { dateTimeFormat } from '@/lib/intl-cache';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useLiveEventDashboard } from '../api/get-event-dashboard';
import { CheckinConflictsPanel } from './checkin-conflicts-panel';
import { QueueStatsPanel } from './queue-stats-panel';

/** A tick of the sales curve: the day and hour at the event's clock, e.g. "6 dec., 19:00". */
function formatChartTime(at: Date, timeZone: string): string {
  return dateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(
    at,
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, borderRadius: 3, height: '100%' }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      {/* Smaller on phones: "1.234.567,00 RON" must fit half a 360 px screen. */}
      <Typography
        variant="h5"
        component="p"
        sx={{ fontWeight: 700, fontSize: { xs: '1.25rem', sm: '1.5rem' }, overflowWrap: 'anywhere' }}
        aria-label={`${label}: ${value}`}
      >
        {value}
      </Typography>
    </Paper>
  );
}

export function EventDashboardPage() {
  const { id = '' } = useParams();
  const query = useLiveEventDashboard(id);
  const data = query.data;
  const { t } = useTranslation('admin-dashboard');
  useDocumentTitle(data ? t('docTitle', { title: data.title }) : t('title'));
  const points = salesChartPoints(data?.salesOverTime ?? []);
  const crumbs = [
    { label: t('common:nav.admin'), href: paths.admin.getHref() },
    { label: t('common:nav.events'), href: paths.adminEvents.getHref() },
  ];

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 3, md: 5 } }}>
      <PageHeader title={data ? data.title : t('title')} description={t('description')} breadcrumbs={crumbs} />
      {query.isPending && <LoadingState label={t('loading')} />}
      {query.isError && <ErrorState error={query.error} title={t('loadFailed')} onRetry={() => void query.refetch()} />}
      {data && (
        <>
          <Grid container spacing={2} component="section" aria-label={t('totals')}>
            {[
              [t('sold'), formatNumber(data.sold)],
              [t('held'), formatNumber(data.held)],
              [t('remaining'), formatNumber(data.remaining)],
              [t('revenue'), formatMoney(data.revenueCents, data.currency)],
              [t('checkedIn'), formatNumber(data.checkedIn)],
            ].map(([label = '', value = '']) => (
              <Grid key={label} size={{ xs: 6, sm: 4, md: 12 / 5 }}>
                <Stat label={label} value={value} />
              </Grid>
            ))}
          </Grid>
          <QueueStatsPanel eventId={data.eventId} timeZone={data.timeZone} />
          <Box component="section" aria-labelledby="sales-heading" sx={{ mt: 4 }}>
            <Typography id="sales-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
              {t('salesOverTime')}
            </Typography>
            {points.length === 0 ? (
              <Typography color="text.secondary">{t('noSales')}</Typography>
            ) : (
              <Paper variant="outlined" sx={{ p: 1, borderRadius: 3 }}>
                <LineChart
                  height={280}
                  // The hours at the event's own clock in the reader's format ("19:00", not "7 PM" in the browser's zone).
                  xAxis={[
                    {
                      data: points.map((p) => p.at),
                      scaleType: 'time',
                      label: t('chartTime', { zone: data.timeZone }),
                      valueFormatter: (at: Date) => formatChartTime(at, data.timeZone),
                    },
                  ]}
                  // Tickets are whole: no "0.5" ticks, and numbers in the reader's format.
                  yAxis={[{ tickMinStep: 1, valueFormatter: (count: number) => formatNumber(count) }]}
                  series={[
                    {
                      data: points.map((p) => p.cumulativeTickets),
                      label: t('ticketsSold'),
                      area: true,
                      showMark: true,
                      valueFormatter: (count) => (count === null ? '' : formatNumber(count)),
                    },
                  ]}
                />
              </Paper>
            )}
          </Box>
          <Box component="section" aria-labelledby="types-heading" sx={{ mt: 4 }}>
            <Typography id="types-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
              {t('byType')}
            </Typography>
            {/* On a phone the table scrolls sideways inside this box, which keyboards can reach and scroll. */}
            <Box tabIndex={0} role="region" aria-labelledby="types-heading" sx={{ overflowX: 'auto' }}>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('ticketType')}</TableCell>
                    <TableCell align="right">{t('capacity')}</TableCell>
                    <TableCell align="right">{t('sold')}</TableCell>
                    <TableCell align="right">{t('held')}</TableCell>
                    <TableCell align="right">{t('remaining')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {data.ticketTypes.map((type) => (
                    <TableRow key={type.id}>
                      <TableCell>{type.name}</TableCell>
                      <TableCell align="right">{formatNumber(type.capacity)}</TableCell>
                      <TableCell align="right">{formatNumber(type.sold)}</TableCell>
                      <TableCell align="right">{formatNumber(type.held)}</TableCell>
                      <TableCell align="right">{formatNumber(type.remaining)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          </Box>
          <CheckinConflictsPanel eventId={id} />
        </>
      )}
    </Container>
  );
}
