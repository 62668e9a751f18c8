/** Admin > Venues: every venue with its seating, and the way to add one. */
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatNumber } from '@/lib/format-money';
import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import AddRoundedIcon from '@mui/icons-material/AddRounded';
import PlaceRoundedIcon from '@mui/icons-material/PlaceRounded';
import type { Venue } from '@iatichet/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, QueryState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useVenues } from '../api/venues';
import { useLocationNotice } from '../utils/use-location-notice';
import { NoticeSnackbar } from './notice-snackbar';

function seatingText(venue: Venue, t: TFunction): string {
  return venue.layout === null
    ? t('venues.general', { count: venue.capacity, number: formatNumber(venue.capacity) })
    : t('venues.seatMap', {
        seats: t('venues.seats', { count: venue.seatCount, number: formatNumber(venue.seatCount) }),
        sections: t('venues.sections', { count: venue.layout.sections.length }),
      });
}

function VenuesTable({ venues }: { venues: readonly Venue[] }) {
  const { t } = useTranslation('admin-catalog');
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
      <Table aria-label={t('venues.title')} size="small" sx={{ '& td, & th': { py: 1.25 } }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('events.columns.venue')}</TableCell>
            <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{t('venues.city')}</TableCell>
            <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{t('venues.seating')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {venues.map((venue) => (
            <TableRow key={venue.id} hover>
              <TableCell>
                <Link component={RouterLink} to={paths.adminVenue.getHref(venue.id)} sx={{ fontWeight: 700 }}>
                  {venue.name}
                </Link>
                <Typography variant="body2" color="text.secondary">
                  {venue.address}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ display: { md: 'none' } }}>
                  <Typography component="span" variant="body2" sx={{ display: { sm: 'none' } }}>
                    {venue.city} ·{' '}
                  </Typography>
                  {seatingText(venue, t)}
                </Typography>
              </TableCell>
              <TableCell sx={{ display: { xs: 'none', sm: 'table-cell' } }}>{venue.city}</TableCell>
              <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{seatingText(venue, t)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function VenuesPage() {
  const { t } = useTranslation('admin-catalog');
  useDocumentTitle(t('venues.docTitle'));
  const query = useVenues();
  const [notice, setNotice] = useLocationNotice();
  const newVenue = (
    <Button variant="contained" component={RouterLink} to={paths.adminVenueNew.getHref()} startIcon={<AddRoundedIcon />}>
      {t('venues.new')}
    </Button>
  );
  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={t('venues.title')}
        description={t('venues.description')}
        breadcrumbs={[{ label: t('common:nav.admin'), href: paths.admin.getHref() }]}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mb: 3 }}>
        {newVenue}
      </Stack>
      <QueryState
        query={query}
        errorTitle={t('venues.loadFailed')}
        isEmpty={(venues) => venues.length === 0}
        empty={
          <EmptyState
            icon={<PlaceRoundedIcon />}
            title={t('venues.empty')}
            description={t('venues.emptyText')}
            action={newVenue}
          />
        }
      >
        {(venues) => <VenuesTable venues={venues} />}
      </QueryState>
      <NoticeSnackbar notice={notice} onClose={() => setNotice(null)} />
    </Container>
  );
}
