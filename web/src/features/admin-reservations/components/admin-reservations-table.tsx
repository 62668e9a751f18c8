import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { Reservation } from '@iatichet/contracts';
import { ReservationStatusChip } from '@/components/data-display/reservation-status-chip';
import { paths } from '@/config/paths';
import { formatDate, formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-money';

const fromMd = { display: { xs: 'none', md: 'table-cell' } } as const;
const secondary = { display: 'block', overflowWrap: 'anywhere' } as const;

/** Code (the way in), buyer, event, status, total, created; on a phone event and status go under the code. */
export function AdminReservationsTable({ reservations }: { reservations: readonly Reservation[] }) {
  const { t } = useTranslation('admin-reservations');
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
      <Table aria-label={t('list.title')} size="small" sx={{ '& td, & th': { py: 1.25 } }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('columns.code')}</TableCell>
            <TableCell>{t('columns.buyer')}</TableCell>
            {!narrow && <TableCell>{t('columns.event')}</TableCell>}
            {!narrow && <TableCell>{t('columns.status')}</TableCell>}
            <TableCell align="right" sx={fromMd}>
              {t('columns.total')}
            </TableCell>
            <TableCell sx={fromMd}>{t('columns.created')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {reservations.map((reservation) => (
            <TableRow key={reservation.id} hover>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <Link
                  component={RouterLink}
                  to={paths.adminReservation.getHref(reservation.id)}
                  sx={{ fontFamily: 'monospace', fontWeight: 700, fontSize: '0.95rem' }}
                >
                  {reservation.code}
                </Link>
                {narrow && (
                  <Box sx={{ mt: 0.75 }}>
                    <ReservationStatusChip status={reservation.status} />
                  </Box>
                )}
              </TableCell>
              <TableCell>
                <Typography component="span" sx={{ ...secondary, fontWeight: 600 }}>
                  {reservation.buyer?.name ?? '—'}
                </Typography>
                <Typography component="span" variant="body2" color="text.secondary" sx={secondary}>
                  {reservation.buyer?.email}
                </Typography>
                {narrow && (
                  <Typography component="span" variant="body2" sx={{ ...secondary, mt: 0.5 }}>
                    {reservation.event.title}
                  </Typography>
                )}
              </TableCell>
              {!narrow && (
                <TableCell>
                  <Typography component="span" sx={secondary}>
                    {reservation.event.title}
                  </Typography>
                  <Typography component="span" variant="body2" color="text.secondary" sx={secondary}>
                    {formatDateTime(reservation.event.startsAt)}
                  </Typography>
                </TableCell>
              )}
              {!narrow && (
                <TableCell>
                  <ReservationStatusChip status={reservation.status} />
                </TableCell>
              )}
              <TableCell align="right" sx={{ ...fromMd, whiteSpace: 'nowrap' }}>
                {formatMoney(reservation.totalCents, reservation.currency)}
              </TableCell>
              <TableCell sx={{ ...fromMd, whiteSpace: 'nowrap' }}>{formatDate(reservation.createdAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
