/**
 * /admin/events/new and /admin/events/:id. A new event is saved as a draft first; the poster,
 * publishing and cancelling need the saved event, so they appear beside the form once it exists.
 */
import { useState } from 'react';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import PlaceRoundedIcon from '@mui/icons-material/PlaceRounded';
import { useTranslation } from 'react-i18next';
import type { CatalogEvent, Venue } from '@iatichet/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useAdminEvent } from '../api/get-admin-event';
import { useSaveEvent } from '../api/save-event';
import { useVenues } from '../api/venues';
import { emptyEventForm, eventToForm } from '../utils/event-form-values';
import { useLocationNotice } from '../utils/use-location-notice';
import { AttendeeExports } from './attendee-exports';
import { EventActions } from './event-actions';
import { EventForm } from './event-form';
import { NoticeSnackbar } from './notice-snackbar';
import { PosterUpload } from './poster-upload';

function useCrumbs() {
  const { t } = useTranslation('admin-catalog');
  return [
    { label: t('common:nav.admin'), href: paths.admin.getHref() },
    { label: t('events.title'), href: paths.adminEvents.getHref() },
  ];
}

export function EventEditorPage() {
  const { id } = useParams();
  const venues = useVenues();
  const event = useAdminEvent(id);
  const { t } = useTranslation('admin-catalog');
  const crumbs = useCrumbs();
  useDocumentTitle(
    id === undefined ? t('editor.docTitleNew') : t('editor.docTitle', { title: event.data?.title ?? t('editor.event') }),
  );

  let content;
  if (venues.isPending || (id !== undefined && event.isPending)) content = <LoadingState label={t('editor.loading')} />;
  else if (venues.isError)
    content = <ErrorState error={venues.error} title={t('venues.loadFailed')} onRetry={() => void venues.refetch()} />;
  else if (id !== undefined && event.isError)
    content = <ErrorState error={event.error} title={t('editor.loadFailed')} onRetry={() => void event.refetch()} />;
  else if (venues.data.length === 0)
    content = (
      <EmptyState
        icon={<PlaceRoundedIcon />}
        title={t('editor.needVenue')}
        description={t('editor.needVenueText')}
        action={
          <Button variant="contained" component={RouterLink} to={paths.adminVenueNew.getHref()}>
            {t('venues.new')}
          </Button>
        }
      />
    );
  else return <EventEditor key={id ?? 'new'} event={event.data} venues={venues.data} />;

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader title={id === undefined ? t('editor.titleNew') : t('editor.titleEdit')} breadcrumbs={crumbs} />
      {content}
    </Container>
  );
}

function EventEditor({ event, venues }: { event: CatalogEvent | undefined; venues: readonly Venue[] }) {
  const [saved, setSaved] = useState(() => (event === undefined ? emptyEventForm() : eventToForm(event)));
  const [values, setValues] = useState(saved);
  const [notice, setNotice] = useLocationNotice();
  const save = useSaveEvent();
  const navigate = useNavigate();
  const { t } = useTranslation('admin-catalog');
  const crumbs = useCrumbs();
  const dirty = JSON.stringify(values) !== JSON.stringify(saved);

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={event === undefined ? t('editor.titleNew') : event.title}
        description={event === undefined ? t('editor.draftNote') : undefined}
        breadcrumbs={crumbs}
      />
      {event?.status === 'cancelled' && (
        <Alert severity="warning" sx={{ mb: 3 }}>
          {t('editor.cancelledNote')}
        </Alert>
      )}
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, md: 8 }} sx={{ order: { xs: event === undefined ? 1 : 2, md: 1 } }}>
          <EventForm
            values={values}
            onChange={setValues}
            venues={venues}
            published={event?.status === 'published'}
            readOnly={event?.status === 'cancelled'}
            pending={save.isPending}
            serverError={save.error}
            submitLabel={event === undefined ? t('editor.createDraft') : t('editor.save')}
            onSubmit={(input) =>
              save.mutate(
                { id: event?.id, input },
                {
                  onSuccess: (result) => {
                    if (event === undefined) {
                      void navigate(paths.adminEvent.getHref(result.id), {
                        replace: true,
                        state: { notice: t('editor.draftCreated') },
                      });
                      return;
                    }
                    const next = eventToForm(result);
                    setSaved(next);
                    setValues(next);
                    setNotice(t('editor.saved'));
                  },
                },
              )
            }
          />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }} sx={{ order: { xs: event === undefined ? 2 : 1, md: 2 } }}>
          <Stack spacing={3} sx={{ position: { md: 'sticky' }, top: { md: 88 } }}>
            <Paper component="section" variant="outlined" aria-label={t('editor.publishing')} sx={{ p: 3, borderRadius: 3 }}>
              {event === undefined ? (
                <Typography color="text.secondary">{t('editor.saveFirst')}</Typography>
              ) : (
                <EventActions event={event} dirty={dirty} onNotice={setNotice} />
              )}
            </Paper>
            {event !== undefined && (
              <Paper component="section" aria-labelledby="poster-heading" variant="outlined" sx={{ p: 3, borderRadius: 3 }}>
                <Typography id="poster-heading" component="h2" variant="h6" sx={{ mb: 2 }}>
                  {t('editor.poster')}
                </Typography>
                <PosterUpload event={event} />
                <Button
                  component={RouterLink}
                  to={paths.adminEventQuestions.getHref(event.id)}
                  variant="outlined"
                  fullWidth
                  sx={{ mt: 2 }}
                >
                  {t('admin-questions:link')}
                </Button>
              </Paper>
            )}
            {event !== undefined && event.status !== 'draft' && (
              <Paper component="section" aria-labelledby="attendees-heading" variant="outlined" sx={{ p: 3, borderRadius: 3 }}>
                <Typography id="attendees-heading" component="h2" variant="h6" sx={{ mb: 2 }}>
                  {t('editor.attendees')}
                </Typography>
                <AttendeeExports eventId={event.id} />
                <Button
                  component={RouterLink}
                  to={paths.adminEventDashboard.getHref(event.id)}
                  variant="outlined"
                  fullWidth
                  sx={{ mt: 2 }}
                >
                  {t('editor.dashboard')}
                </Button>
                <Button
                  component={RouterLink}
                  to={paths.adminEventWaitlist.getHref(event.id)}
                  variant="outlined"
                  fullWidth
                  sx={{ mt: 1.5 }}
                >
                  {t('editor.waitlist')}
                </Button>
                <Button
                  component={RouterLink}
                  to={paths.adminEventCodes.getHref(event.id)}
                  variant="outlined"
                  fullWidth
                  sx={{ mt: 1.5 }}
                >
                  {t('codes:admin.title')}
                </Button>
              </Paper>
            )}
          </Stack>
        </Grid>
      </Grid>
      <NoticeSnackbar notice={notice} onClose={() => setNotice(null)} />
    </Container>
  );
}
