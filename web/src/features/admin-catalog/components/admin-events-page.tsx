/**
 * Admin > Events: every event by status (published, drafts, cancelled; the tab is in the URL so
 * Back and shared links keep it), a search, and the way to create one.
 */
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useState } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import InputAdornment from '@mui/material/InputAdornment';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import AddRoundedIcon from '@mui/icons-material/AddRounded';
import EventRoundedIcon from '@mui/icons-material/EventRounded';
import PlaceRoundedIcon from '@mui/icons-material/PlaceRounded';
import SearchRoundedIcon from '@mui/icons-material/SearchRounded';
import { EVENT_STATUSES, type EventStatus } from '@iatichet/contracts';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadMore, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { eventStatusLabel } from '@/lib/catalog-labels';
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useAdminEvents } from '../api/get-admin-events';
import { useLocationNotice } from '../utils/use-location-notice';
import { AdminEventsTable } from './admin-events-table';
import { NoticeSnackbar } from './notice-snackbar';

const TAB_LABELS: Record<EventStatus, string> = { published: 'Published', draft: 'Drafts', cancelled: 'Cancelled' };
const TAB_ORDER: readonly EventStatus[] = ['published', 'draft', 'cancelled'];

function parseStatus(value: string | null): EventStatus {
  return (EVENT_STATUSES as readonly string[]).includes(value ?? '') ? (value as EventStatus) : 'published';
}

export function AdminEventsPage() {
  useDocumentTitle('Events · Admin');
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get('status'));
  const [q, setQ] = useState('');
  const query = useAdminEvents({ status, q: useDebouncedValue(q) });
  const events = query.data?.pages.flatMap((page) => page.items) ?? [];
  const [notice, setNotice] = useLocationNotice();

  let content;
  if (query.isPending) content = <LoadingState label="Loading events…" />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title="We could not load the events" onRetry={() => void query.refetch()} />;
  else if (events.length === 0)
    content = (
      <EmptyState
        icon={<EventRoundedIcon />}
        title={q.trim() !== '' ? 'No events match' : `No ${eventStatusLabel(status).toLowerCase()} events`}
        description={status === 'draft' ? 'New events start as drafts until you publish them.' : undefined}
        action={
          <Button variant="contained" component={RouterLink} to={paths.adminEventNew.getHref()} startIcon={<AddRoundedIcon />}>
            New event
          </Button>
        }
      />
    );
  else
    content = (
      <>
        <AdminEventsTable events={events} />
        <LoadMore query={query} errorTitle="We could not load more events" />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title="Events"
        description="Create events, set their tickets and prices, then publish them to put them on sale."
        breadcrumbs={[{ label: 'Admin', href: paths.admin.getHref() }]}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mb: 3 }}>
        <Button variant="contained" component={RouterLink} to={paths.adminEventNew.getHref()} startIcon={<AddRoundedIcon />}>
          New event
        </Button>
        <Button variant="outlined" component={RouterLink} to={paths.adminVenues.getHref()} startIcon={<PlaceRoundedIcon />}>
          Venues
        </Button>
      </Stack>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ mb: 3, alignItems: { md: 'flex-end' }, justifyContent: 'space-between' }}
      >
        <Tabs
          value={status}
          onChange={(_event, next: EventStatus) => setParams(next === 'published' ? {} : { status: next })}
          aria-label="Event status"
          variant="scrollable"
          allowScrollButtonsMobile
        >
          {TAB_ORDER.map((value) => (
            <Tab key={value} value={value} label={TAB_LABELS[value]} id={`status-tab-${value}`} aria-controls="status-panel" />
          ))}
        </Tabs>
        <TextField
          type="search"
          size="small"
          label="Search events"
          value={q}
          onChange={(event) => setQ(event.target.value)}
          sx={{ minWidth: { md: 300 } }}
          slotProps={{
            input: {
              startAdornment: (
                <InputAdornment position="start">
                  <SearchRoundedIcon aria-hidden="true" />
                </InputAdornment>
              ),
            },
          }}
        />
      </Stack>
      <Box id="status-panel" role="tabpanel" aria-labelledby={`status-tab-${status}`} aria-busy={query.isFetching}>
        {content}
      </Box>
      <NoticeSnackbar notice={notice} onClose={() => setNotice(null)} />
    </Container>
  );
}
