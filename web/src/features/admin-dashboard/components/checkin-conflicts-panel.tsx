/** The duplicates found when offline scanners synced: each ticket, who admitted it first and who again, and when. */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';
import { formatDateTime } from '@/lib/format-date';
import { useCheckinConflicts } from '../api/get-checkin-conflicts';

export function CheckinConflictsPanel({ eventId }: { eventId: string }) {
  const { t } = useTranslation(CHECKIN_NS);
  const conflicts = useCheckinConflicts(eventId);
  const unnamed = t('conflicts.unknownDevice');
  return (
    <Box component="section" aria-labelledby="conflicts-heading" sx={{ mt: 4, overflowX: 'auto' }}>
      <Typography id="conflicts-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
        {t('dashboard.title')}
      </Typography>
      {conflicts.isPending && <Typography color="text.secondary">{t('dashboard.loading')}</Typography>}
      {conflicts.isError && <Alert severity="warning">{t('dashboard.error')}</Alert>}
      {conflicts.data?.items.length === 0 && <Typography color="text.secondary">{t('dashboard.none')}</Typography>}
      {conflicts.data !== undefined && conflicts.data.items.length > 0 && (
        <Table size="small" data-testid="dashboard-conflicts">
          <TableHead>
            <TableRow>
              <TableCell>{t('dashboard.ticket')}</TableCell>
              <TableCell>{t('dashboard.admitted')}</TableCell>
              <TableCell>{t('dashboard.duplicate')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {conflicts.data.items.map((c) => (
              <TableRow key={c.scanId} data-ticket-id={c.ticket.id}>
                <TableCell>
                  {c.ticket.attendeeName ?? t('result.noName')} · {c.ticket.typeName} · {c.ticket.reservationCode}
                </TableCell>
                <TableCell>
                  {c.admitted.deviceId ?? unnamed}, {formatDateTime(c.admitted.scannedAt)}
                </TableCell>
                <TableCell>
                  {c.duplicate.deviceId}, {formatDateTime(c.duplicate.scannedAt)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
