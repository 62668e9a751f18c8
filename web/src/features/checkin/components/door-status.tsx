/**
 * What the person at the door must be able to trust at a glance: online or not, how old the ticket
 * list on this device is, how many scans wait to be sent, and the tickets admitted twice. Each line
 * is text as well as colour, and the region is announced politely as it changes.
 */
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import CloudDoneRoundedIcon from '@mui/icons-material/CloudDoneRounded';
import CloudOffRoundedIcon from '@mui/icons-material/CloudOffRounded';
import SyncRoundedIcon from '@mui/icons-material/SyncRounded';
import { useTranslation } from 'react-i18next';
import { formatTime } from '@/lib/format-date';
import { useNow } from '@/lib/use-now';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';
import type { DoorState } from '../offline/use-door-scanner';
import type { Translate } from '../utils/result-text';

function age(from: string, now: number, t: Translate): string {
  const seconds = Math.max(0, Math.round((now - Date.parse(from)) / 1000));
  if (seconds < 60) return t('status.ageSeconds', { n: seconds });
  if (seconds < 3600) return t('status.ageMinutes', { n: Math.floor(seconds / 60) });
  return t('status.ageHours', { n: Math.floor(seconds / 3600) });
}

interface DoorStatusProps {
  state: DoorState;
  /** The event's zone, in which the conflicts' times are told (the phone's when unknown). */
  timeZone?: string | undefined;
  onSync: () => void;
  onRefresh: () => void;
}

export function DoorStatus({ state, timeZone, onSync, onRefresh }: DoorStatusProps) {
  const { t } = useTranslation(CHECKIN_NS);
  const now = useNow(5_000);
  const device = (id: string | null) =>
    id === state.deviceId ? t('conflicts.thisDevice') : (id ?? t('conflicts.unknownDevice'));
  return (
    <Stack component="section" aria-label={t('status.regionLabel')} spacing={1.5}>
      <Box aria-live="polite" sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>
        <Chip
          data-testid="connection-state"
          data-online={state.online ? 'true' : 'false'}
          icon={state.online ? <CloudDoneRoundedIcon /> : <CloudOffRoundedIcon />}
          label={state.online ? t('status.online') : t('status.offline')}
          color={state.online ? 'success' : 'warning'}
          sx={{ fontWeight: 700, fontSize: '1rem', height: 40 }}
        />
        <Typography data-testid="pending-scans" data-pending={state.pending} sx={{ fontWeight: 600 }}>
          {state.pending === 0 ? t('status.pendingNone') : t('status.pending', { n: state.pending })}
        </Typography>
      </Box>
      {!state.online && <Typography color="text.secondary">{t('status.offlineHelp')}</Typography>}
      <Typography
        data-testid="snapshot-age"
        data-generated-at={state.snapshot?.generatedAt ?? ''}
        color={state.snapshot === null ? 'error' : 'text.secondary'}
      >
        {state.snapshot === null
          ? t('status.snapshotNone')
          : `${t('status.snapshotAge', { age: age(state.snapshot.generatedAt, now, t) })} · ${t('status.snapshotTickets', {
              count: state.snapshot.tickets,
            })}`}
      </Typography>
      {state.syncFailed && <Alert severity="warning">{t('status.syncError')}</Alert>}
      {state.online && (
        <Stack direction="row" spacing={1.5}>
          <Button variant="outlined" size="large" startIcon={<SyncRoundedIcon />} onClick={onSync} disabled={state.pending === 0}>
            {t('status.syncNow')}
          </Button>
          <Button variant="text" size="large" onClick={onRefresh}>
            {t('status.refresh')}
          </Button>
        </Stack>
      )}
      {state.conflicts.length > 0 && (
        <Alert severity="error" data-testid="scanner-conflicts" role="alert">
          <AlertTitle>{t('conflicts.title', { n: state.conflicts.length })}</AlertTitle>
          <Typography sx={{ mb: 1 }}>{t('conflicts.help')}</Typography>
          <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
            {state.conflicts.map((c) => (
              <li key={c.scanId} data-ticket-id={c.ticket.id}>
                {t('conflicts.line', {
                  name: c.ticket.attendeeName ?? t('result.noName'),
                  type: c.ticket.typeName,
                  first: device(c.admitted.deviceId),
                  firstTime: formatTime(c.admitted.scannedAt, timeZone),
                  second: device(c.duplicate.deviceId),
                  secondTime: formatTime(c.duplicate.scannedAt, timeZone),
                })}
              </li>
            ))}
          </Box>
        </Alert>
      )}
    </Stack>
  );
}
