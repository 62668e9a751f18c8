/** /check-in: which event is at the door. Published events from yesterday on, soonest first. */
import { Link as RouterLink } from 'react-router';
import Container from '@mui/material/Container';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Paper from '@mui/material/Paper';
import EventBusyRoundedIcon from '@mui/icons-material/EventBusyRounded';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, QueryState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { formatEventTime } from '@/lib/format-event-time';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useDoorEvents } from '../api/get-door-events';

export function CheckinEventsPage() {
  useDocumentTitle('Check-in');
  const events = useDoorEvents();
  return (
    <Container maxWidth="sm" sx={{ py: { xs: 3, sm: 6 } }}>
      <PageHeader title="Check-in" description="Choose the event at your door." />
      <QueryState
        query={events}
        errorTitle="We could not load the events"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <EmptyState
            icon={<EventBusyRoundedIcon />}
            title="No events to check in"
            description="Published events from yesterday on appear here."
          />
        }
      >
        {(page) => (
          <Paper variant="outlined" sx={{ borderRadius: 3 }}>
            <List aria-label="Events">
              {page.items.map((event) => (
                <ListItemButton key={event.id} component={RouterLink} to={paths.checkInEvent.getHref(event.id)} sx={{ py: 1.5 }}>
                  <ListItemText
                    primary={event.title}
                    secondary={`${formatEventTime(event.startsAt)} · ${event.venue.name}, ${event.venue.city}`}
                  />
                </ListItemButton>
              ))}
            </List>
          </Paper>
        )}
      </QueryState>
    </Container>
  );
}
