/**
 * /check-in/:eventId: the scanner for a phone held at the door. The camera or a typed code sends
 * each scan; the answer fills the screen in green or red with a sound and a buzz, and the count
 * of people in runs along the top. With no network the page still opens (service worker) and
 * judges scans from the ticket list kept on the device, queueing them for the server.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Container from '@mui/material/Container';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { useDocumentTitle } from '@/lib/use-document-title';
import { checkinKeys } from '../api/checkin-keys';
import { useDoorEvents } from '../api/get-door-events';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';
import { useDoorScanner } from '../offline/use-door-scanner';
import { signalResult } from '../utils/feedback';
import { CameraScanner } from './camera-scanner';
import { CheckinCount } from './checkin-count';
import { DoorStatus } from './door-status';
import { ManualEntry } from './manual-entry';
import { ScanResult, type ShownAnswer } from './scan-result';

/** Offline, with no ticket list stored: nothing can be judged. */
const NO_SNAPSHOT = Symbol('no snapshot');

export function ScannerPage() {
  const { t } = useTranslation(CHECKIN_NS);
  const { eventId = '' } = useParams();
  const events = useDoorEvents();
  const event = events.data?.items.find((e) => e.id === eventId);
  const door = useDoorScanner(eventId, event?.title);
  const title = event?.title ?? door.storedTitle ?? t('title');
  // Times at the door are the event's clock, as on the ticket; offline before the list has loaded, the phone's.
  const timeZone = event === undefined ? undefined : eventTimeZone(event);
  useDocumentTitle(title === t('title') ? title : `${t('title')} · ${title}`);
  const [answer, setAnswer] = useState<ShownAnswer | null>(null);
  const [busy, setBusy] = useState(false);
  const [seq, setSeq] = useState(0);
  const [failure, setFailure] = useState<unknown>(null);
  const queryClient = useQueryClient();

  const send = (code: string) => {
    setBusy(true);
    setFailure(null);
    door
      .scan(code)
      .then((result) => {
        setAnswer(result);
        setSeq((n) => n + 1);
        if (result === null) {
          setFailure(NO_SNAPSHOT);
          return;
        }
        signalResult(result.result === 'ok');
        if (!result.offline) void queryClient.invalidateQueries({ queryKey: checkinKeys.stats(eventId) });
      })
      .catch((error: unknown) => {
        setAnswer(null);
        setFailure(error);
      })
      .finally(() => setBusy(false));
  };

  return (
    <Container maxWidth="sm" sx={{ py: { xs: 2, sm: 5 } }}>
      <PageHeader
        title={title}
        description={
          event === undefined ? undefined : `${formatEventTime(event.startsAt, undefined, timeZone)} · ${event.venue.name}`
        }
        breadcrumbs={[{ label: t('title'), href: paths.checkIn.getHref() }]}
      />
      {events.isPending && door.state.online && <LoadingState label={t('loadingEvent')} />}
      {events.isError && door.state.online && (
        <ErrorState error={events.error} title={t('eventError')} onRetry={() => void events.refetch()} />
      )}
      <Stack spacing={2.5}>
        {door.state.online && <CheckinCount eventId={eventId} />}
        <ScanResult answer={answer} seq={seq} timeZone={timeZone} />
        {failure !== null && (
          <Alert severity="error" role="alert">
            {failure === NO_SNAPSHOT ? t('status.snapshotNone') : t('scanFailed', { reason: errorMessage(failure) })}
          </Alert>
        )}
        <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
          <Stack spacing={2.5} divider={<Divider flexItem />}>
            <CameraScanner onCode={send} busy={busy} />
            <ManualEntry onCode={send} busy={busy} />
          </Stack>
        </Paper>
        <DoorStatus
          state={door.state}
          timeZone={timeZone}
          onSync={() => void door.syncNow()}
          onRefresh={() => void door.refreshSnapshot()}
        />
      </Stack>
    </Container>
  );
}
