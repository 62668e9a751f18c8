import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { CatalogEvent } from '@iatichet/contracts';
import { paths } from '@/config/paths';
import { categoryLabel } from '@/lib/catalog-labels';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { EventStatusChip } from './event-status-chip';

const fromSm = { display: { xs: 'none', sm: 'table-cell' } } as const;
const fromMd = { display: { xs: 'none', md: 'table-cell' } } as const;

/** Events for admins: the title opens the editor; on a phone the date and venue move under it. */
export function AdminEventsTable({ events }: { events: readonly CatalogEvent[] }) {
  const { t } = useTranslation('admin-catalog');
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
      <Table aria-label={t('events.title')} size="small" sx={{ '& td, & th': { py: 1.25 } }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('events.columns.event')}</TableCell>
            <TableCell sx={fromSm}>{t('events.columns.when')}</TableCell>
            <TableCell sx={fromMd}>{t('events.columns.venue')}</TableCell>
            <TableCell>{t('events.columns.status')}</TableCell>
            <TableCell sx={fromMd} align="right">
              {t('events.columns.left')}
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map((event) => (
            <TableRow key={event.id} hover>
              <TableCell>
                <Link component={RouterLink} to={paths.adminEvent.getHref(event.id)} sx={{ fontWeight: 700 }}>
                  {event.title}
                </Link>
                <Typography variant="body2" color="text.secondary">
                  {categoryLabel(event.category)} · {event.seating === 'reserved' ? t('events.reserved') : t('events.general')}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ display: { sm: 'none' } }}>
                  {formatEventTime(event.startsAt, undefined, eventTimeZone(event))} · {event.venue.name}
                </Typography>
              </TableCell>
              <TableCell sx={fromSm}>{formatEventTime(event.startsAt, event.endsAt, eventTimeZone(event))}</TableCell>
              <TableCell sx={fromMd}>
                {event.venue.name}
                <Typography variant="body2" color="text.secondary">
                  {event.venue.city}
                </Typography>
              </TableCell>
              <TableCell>
                <EventStatusChip status={event.status} />
              </TableCell>
              <TableCell sx={fromMd} align="right">
                {event.remaining.toLocaleString()} / {event.capacity.toLocaleString()}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
