/**
 * /check-in/:eventId: the scanner for a phone held at the door. The camera or a typed code sends
 * each scan; the answer fills the screen in green or red with a sound and a buzz, and the count
 * of people in runs along the top.
 */
import { useState } from 'react';
import { useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Container from '@mui/material/Container';
import Divider from '@mui/material/Divider';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import type { CheckinResponse } from '@iatichet/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import { formatEventTime } from '@/lib/format-event-time';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useCheckIn } from '../api/check-in';
import { useDoorEvents } from '../api/get-door-events';
import { signalResult } from '../utils/feedback';
import { resultView } from '../utils/result-text';
import { scannerDeviceName } from '../utils/device-name';
import { CameraScanner } from './camera-scanner';
import { CheckinCount } from './checkin-count';
import { ManualEntry } from './manual-entry';
import { ScanResult } from './scan-result';

export function ScannerPage() {
  const { eventId = '' } = useParams();
  const events = useDoorEvents();
  const event = events.data?.items.find((e) => e.id === eventId);
  useDocumentTitle(event === undefined ? 'Check-in' : `Check-in · ${event.title}`);
  const checkIn = useCheckIn(eventId);
  const [answer, setAnswer] = useState<CheckinResponse | null>(null);

  const send = (code: string) => {
    checkIn.mutate(
      { code, eventId, device: scannerDeviceName() },
      {
        onSuccess: (result) => {
          setAnswer(result);
          signalResult(resultView(result, (iso) => iso).admit);
        },
        onError: () => setAnswer(null),
      },
    );
  };

  return (
    <Container maxWidth="sm" sx={{ py: { xs: 2, sm: 5 } }}>
      <PageHeader
        title={event?.title ?? 'Check-in'}
        description={event === undefined ? undefined : `${formatEventTime(event.startsAt)} · ${event.venue.name}`}
        breadcrumbs={[{ label: 'Check-in', href: paths.checkIn.getHref() }]}
      />
      {events.isPending && <LoadingState label="Loading the event…" />}
      {events.isError && (
        <ErrorState error={events.error} title="We could not load the event" onRetry={() => void events.refetch()} />
      )}
      <Stack spacing={2.5}>
        <CheckinCount eventId={eventId} />
        <ScanResult answer={answer} />
        {checkIn.isError && (
          <Alert severity="error" role="alert">
            The scan did not reach the server: {errorMessage(checkIn.error)} Scan it again.
          </Alert>
        )}
        <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
          <Stack spacing={2.5} divider={<Divider flexItem />}>
            <CameraScanner onCode={send} busy={checkIn.isPending} />
            <ManualEntry onCode={send} busy={checkIn.isPending} />
          </Stack>
        </Paper>
      </Stack>
    </Container>
  );
}
