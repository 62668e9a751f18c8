import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { AuditEntry } from '@iatichet/contracts';
import { actionLabel, EntryActor, EntryChange, EntryRecord, EntryTime } from './audit-parts';

interface AuditTableProps {
  entries: readonly AuditEntry[];
  /** Narrows the log to one record (a click on its id). */
  onPickRecord: (entityId: string) => void;
}

/** On a phone each entry is a small card: five columns of JSON do not fit 390 pixels. */
function AuditList({ entries, onPickRecord }: AuditTableProps) {
  const { t } = useTranslation('admin-audit');
  return (
    <Stack component="ul" aria-label={t('title')} spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {entries.map((entry) => (
        <Paper component="li" key={entry.id} variant="outlined" sx={{ p: 2, borderRadius: 3 }}>
          <Typography variant="body2" color="text.secondary">
            <EntryTime entry={entry} />
          </Typography>
          <Typography sx={{ fontWeight: 700, my: 0.5 }}>{actionLabel(entry.action)}</Typography>
          <Box sx={{ mb: 1 }}>
            <EntryRecord entry={entry} onPick={onPickRecord} />
          </Box>
          <EntryChange entry={entry} />
          <Box sx={{ mt: 1.5, pt: 1.5, borderTop: 1, borderColor: 'divider' }}>
            <EntryActor entry={entry} />
          </Box>
        </Paper>
      ))}
    </Stack>
  );
}

export function AuditTable({ entries, onPickRecord }: AuditTableProps) {
  const { t } = useTranslation('admin-audit');
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'), { noSsr: true });
  if (narrow) return <AuditList entries={entries} onPickRecord={onPickRecord} />;
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
      <Table aria-label={t('title')} size="small" sx={{ '& td, & th': { py: 1.25, verticalAlign: 'top' } }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 150 }}>{t('columns.time')}</TableCell>
            <TableCell sx={{ width: 190 }}>{t('columns.actor')}</TableCell>
            <TableCell sx={{ width: 170 }}>{t('columns.action')}</TableCell>
            <TableCell sx={{ width: 150 }}>{t('columns.record')}</TableCell>
            <TableCell>{t('columns.change')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={entry.id} hover>
              <TableCell>
                <EntryTime entry={entry} />
              </TableCell>
              <TableCell>
                <EntryActor entry={entry} />
              </TableCell>
              <TableCell sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{actionLabel(entry.action)}</TableCell>
              <TableCell>
                <EntryRecord entry={entry} onPick={onPickRecord} />
              </TableCell>
              <TableCell>
                <EntryChange entry={entry} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
