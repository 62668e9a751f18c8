/**
 * /events/:id/queue: the event's waiting room. Signed-out and unconfirmed visitors are told what
 * to do first; before opensAt a countdown runs and joining starts by itself at the hour; joining
 * solves the proof of work with its progress shown; then the place follows live (queue:update) until
 * the person is admitted (the pass is kept for the reservation request) or the event sells out.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { CatalogEvent } from '@iatichet/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { QueryState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/auth/current-user';
import { errorMessage } from '@/lib/error-messages';
import { eventTimeZone } from '@/lib/format-event-time';
import { formatDateTime } from '@/lib/format-date';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useHasPassed } from '@/lib/use-has-passed';
import { useQueueEvent } from '../api/get-queue-event';
import { useQueuePlace } from '../api/get-queue-place';
import { useJoinQueue } from '../api/join-queue';
import { useLiveQueue } from '../api/use-live-queue';
import { waitingRoomStage } from '../utils/waiting-room-stage';
import { Admitted, BeforeOpen, SoldOut, WhatHappensNext } from './stage-panels';
import { WaitingPlace } from './waiting-place';

/** An opening time long past: a queue without opensAt is open at once. */
const ALWAYS = '1970-01-01T00:00:00.000Z';

export function WaitingRoomPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('queue');
  const event = useQueueEvent(id);
  useDocumentTitle(event.data === undefined ? t('page.title') : `${t('page.title')} · ${event.data.title}`);
  return (
    <Container maxWidth="sm" sx={{ py: { xs: 3, sm: 5 } }}>
      <PageHeader
        title={t('page.title')}
        description={event.data?.title}
        breadcrumbs={event.data === undefined ? [] : [{ label: event.data.title, href: paths.event.getHref(event.data.id) }]}
      />
      <QueryState query={event} errorTitle={t('page.loadFailed')}>
        {(data) => <WaitingRoom event={data} />}
      </QueryState>
    </Container>
  );
}

function WaitingRoom({ event }: { event: CatalogEvent }) {
  const { t } = useTranslation('queue');
  const me = useCurrentUser();
  const location = useLocation();
  const user = me.data ?? null;
  const canJoin = event.queue?.enabled === true && user?.emailVerified === true;
  const place = useQueuePlace(event.id, canJoin);
  useLiveQueue(event.id, canJoin);
  // Re-renders at opensAt, so joining starts by itself when the room opens.
  const opensAt = event.queue?.opensAt ?? ALWAYS;
  const open = useHasPassed(opensAt);
  const stage = waitingRoomStage({
    event,
    user,
    place: canJoin ? place.data : undefined,
    now: open ? Math.max(Date.now(), Date.parse(opensAt)) : Date.now(),
  });

  if (me.isPending || (canJoin && place.isPending)) return <LinearProgress aria-label={t('page.loading')} />;
  if (canJoin && place.isError)
    return (
      <Alert severity="error" action={<Button onClick={() => void place.refetch()}>{t('page.retry')}</Button>}>
        {errorMessage(place.error)}
      </Alert>
    );

  const here = `${location.pathname}${location.search}`;
  return (
    <Stack spacing={3}>
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
        {stage === 'signIn' && (
          <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
            <Typography component="p">{t('signIn.text')}</Typography>
            <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
              <Button component={RouterLink} to={paths.signIn.getHref(here)} variant="contained">
                {t('signIn.action')}
              </Button>
              <Button component={RouterLink} to={paths.register.getHref(here)}>
                {t('signIn.register')}
              </Button>
            </Stack>
          </Stack>
        )}
        {stage === 'verify' && <Alert severity="warning">{t('verify.text')}</Alert>}
        {stage === 'noQueue' && (
          <Stack spacing={2} sx={{ alignItems: 'flex-start' }}>
            <Typography component="p">{t('noQueue.text')}</Typography>
            <Button component={RouterLink} to={paths.event.getHref(event.id)} variant="contained">
              {t('noQueue.action')}
            </Button>
          </Stack>
        )}
        {stage === 'beforeOpen' && <BeforeOpen event={event} />}
        {stage === 'join' && <Joining eventId={event.id} />}
        {stage === 'awaitingDraw' && (
          <Stack spacing={1} role="status">
            <Typography component="p" variant="h6">
              {t('awaitingDraw.title')}
            </Typography>
            <Typography component="p">
              {t('awaitingDraw.text', {
                time: event.salesStartAt === null ? '' : formatDateTime(event.salesStartAt, eventTimeZone(event)),
              })}
            </Typography>
            <Typography component="p" color="text.secondary">
              {t('awaitingDraw.noRush')}
            </Typography>
          </Stack>
        )}
        {stage === 'waiting' && place.data && <WaitingPlace place={place.data} />}
        {stage === 'admitted' && place.data && <Admitted event={event} place={place.data} />}
        {stage === 'soldOut' && <SoldOut event={event} />}
      </Paper>
      {event.queue?.enabled === true && stage !== 'soldOut' && stage !== 'admitted' && <WhatHappensNext event={event} />}
    </Stack>
  );
}

/** Joins once on arrival (the puzzle runs in a Web Worker); stopped if the person leaves the page. */
function Joining({ eventId }: { eventId: string }) {
  const { t } = useTranslation('queue');
  const [progress, setProgress] = useState(0);
  const join = useJoinQueue(eventId, (value) => setProgress(Math.round(value * 100)));
  const { mutate } = join;
  const controller = useRef<AbortController | null>(null);

  // Each mount starts one attempt and its cleanup stops it; StrictMode's second mount simply
  // starts the attempt that counts (the mutation shows the latest one).
  useEffect(() => {
    controller.current = new AbortController();
    mutate(controller.current.signal);
    return () => controller.current?.abort();
  }, [mutate]);

  if (join.isError)
    return (
      <Alert
        severity="error"
        action={
          <Button
            onClick={() => {
              controller.current = new AbortController();
              join.mutate(controller.current.signal);
            }}
          >
            {t('join.retry')}
          </Button>
        }
      >
        <AlertTitle>{t('join.failed')}</AlertTitle>
        {errorMessage(join.error)}
      </Alert>
    );
  return (
    <Stack spacing={1.5}>
      <Typography component="p" variant="h6">
        {t('join.solving')}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={progress}
        aria-label={t('join.progressLabel')}
        sx={{ height: 10, borderRadius: 5 }}
      />
      <Typography component="p" color="text.secondary">
        {t('join.solvingHint')}
      </Typography>
    </Stack>
  );
}
