/** /check-in: which event is at the door. Published events from yesterday on, soonest first. */
import { Link as RouterLink } from 'react-router';
import Container from '@mui/material/Container';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import EventBusyRoundedIcon from '@mui/icons-material/EventBusyRounded';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, QueryState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useTranslation } from 'react-i18next';
import { useDoorEvents } from '../api/get-door-events';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';

export function CheckinEventsPage() {
  const { t } = useTranslation(CHECKIN_NS);
  useDocumentTitle(t('title'));
  const events = useDoorEvents();
  return (
    <Container maxWidth="sm" sx={{ py: { xs: 3, sm: 6 } }}>
      <PageHeader title={t('title')} description={t('chooseEvent')} />
      <QueryState
        query={events}
        errorTitle={t('eventsError')}
        isEmpty={(page) => page.items.length === 0}
        empty={<EmptyState icon={<EventBusyRoundedIcon />} title={t('noEventsTitle')} description={t('noEventsDescription')} />}
      >
        {(page) => (
          <Paper variant="outlined" sx={{ borderRadius: 3 }}>
            <List aria-label={t('eventsLabel')}>
              {page.items.map((event) => (
                // A list item around the link: a <ul> may hold only <li> (axe 'list').
                <ListItem key={event.id} disablePadding>
                  <ListItemButton component={RouterLink} to={paths.checkInEvent.getHref(event.id)} sx={{ py: 1.5 }}>
                    <ListItemText
                      primary={event.title}
                      secondary={`${formatEventTime(event.startsAt, undefined, eventTimeZone(event))} · ${event.venue.name}, ${event.venue.city}`}
                    />
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
          </Paper>
        )}
      </QueryState>
    </Container>
  );
}
