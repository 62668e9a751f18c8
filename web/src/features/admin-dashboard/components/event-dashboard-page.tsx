/**
 * /admin/events/:id/dashboard: one event's sale at a glance, live: sold, held, remaining, revenue
 * and check-ins, per ticket type, and the paid tickets over time.
 */
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
import { formatMoney } from '@/lib/format-money';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useLiveEventDashboard } from '../api/get-event-dashboard';
import { CheckinConflictsPanel } from './checkin-conflicts-panel';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, borderRadius: 3, height: '100%' }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h5" component="p" sx={{ fontWeight: 700 }} aria-label={`${label}: ${value}`}>
        {value}
      </Typography>
    </Paper>
  );
}

export function EventDashboardPage() {
  const { id = '' } = useParams();
  const query = useLiveEventDashboard(id);
  const data = query.data;
  useDocumentTitle(data ? `Dashboard: ${data.title}` : 'Event dashboard');
  const crumbs = [
    { label: 'Admin', href: paths.admin.getHref() },
    { label: 'Events', href: paths.adminEvents.getHref() },
  ];

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 3, md: 5 } }}>
      <PageHeader title={data ? data.title : 'Event dashboard'} description="Live numbers of this sale" breadcrumbs={crumbs} />
      {query.isPending && <LoadingState label="Loading the dashboard" />}
      {query.isError && (
        <ErrorState error={query.error} title="We could not load the dashboard" onRetry={() => void query.refetch()} />
      )}
      {data && (
        <>
          <Grid container spacing={2} component="section" aria-label="Totals">
            {[
              ['Sold', String(data.sold)],
              ['Held', String(data.held)],
              ['Remaining', String(data.remaining)],
              ['Revenue', formatMoney(data.revenueCents, data.currency)],
              ['Checked in', String(data.checkedIn)],
            ].map(([label = '', value = '']) => (
              <Grid key={label} size={{ xs: 6, sm: 4, md: 12 / 5 }}>
                <Stat label={label} value={value} />
              </Grid>
            ))}
          </Grid>
          <Box component="section" aria-labelledby="sales-heading" sx={{ mt: 4 }}>
            <Typography id="sales-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
              Sales over time
            </Typography>
            {data.salesOverTime.length === 0 ? (
              <Typography color="text.secondary">No paid tickets yet.</Typography>
            ) : (
              <Paper variant="outlined" sx={{ p: 1, borderRadius: 3 }}>
                <LineChart
                  height={280}
                  xAxis={[{ data: data.salesOverTime.map((p) => new Date(p.at)), scaleType: 'time' }]}
                  series={[{ data: data.salesOverTime.map((p) => p.cumulativeTickets), label: 'Tickets sold', area: true }]}
                />
              </Paper>
            )}
          </Box>
          <Box component="section" aria-labelledby="types-heading" sx={{ mt: 4, overflowX: 'auto' }}>
            <Typography id="types-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
              By ticket type
            </Typography>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>Ticket type</TableCell>
                  <TableCell align="right">Capacity</TableCell>
                  <TableCell align="right">Sold</TableCell>
                  <TableCell align="right">Held</TableCell>
                  <TableCell align="right">Remaining</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {data.ticketTypes.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell>{t.name}</TableCell>
                    <TableCell align="right">{t.capacity}</TableCell>
                    <TableCell align="right">{t.sold}</TableCell>
                    <TableCell align="right">{t.held}</TableCell>
                    <TableCell align="right">{t.remaining}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
          <CheckinConflictsPanel eventId={id} />
        </>
      )}
    </Container>
  );
}
