/**
 * Admin > Events: every event by status (published, drafts, cancelled; the tab is in the URL so
 * Back and shared links keep it), a search, and the way to create one.
 */
import { useTranslation } from 'react-i18next';
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
import { useDebouncedValue } from '@/lib/use-debounced-value';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useChosenOrganizerId } from '@/lib/organizer-scope';
import { useAdminEvents } from '../api/get-admin-events';
import { useLocationNotice } from '../utils/use-location-notice';
import { AdminEventsTable } from './admin-events-table';
import { NoticeSnackbar } from './notice-snackbar';

const TAB_KEYS: Record<EventStatus, string> = {
  published: 'events.tabs.published',
  draft: 'events.tabs.draft',
  cancelled: 'events.tabs.cancelled',
};
const TAB_ORDER: readonly EventStatus[] = ['published', 'draft', 'cancelled'];

function parseStatus(value: string | null): EventStatus {
  return (EVENT_STATUSES as readonly string[]).includes(value ?? '') ? (value as EventStatus) : 'published';
}

export function AdminEventsPage() {
  const { t } = useTranslation('admin-catalog');
  useDocumentTitle(t('events.docTitle'));
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get('status'));
  const [q, setQ] = useState('');
  const organizerId = useChosenOrganizerId();
  const query = useAdminEvents({ status, q: useDebouncedValue(q), organizerId });
  const events = query.data?.pages.flatMap((page) => page.items) ?? [];
  const [notice, setNotice] = useLocationNotice();

  let content;
  if (query.isPending) content = <LoadingState label={t('events.loading')} />;
  else if (query.isError && query.data === undefined)
    content = <ErrorState error={query.error} title={t('events.loadFailed')} onRetry={() => void query.refetch()} />;
  else if (events.length === 0)
    content = (
      <EmptyState
        icon={<EventRoundedIcon />}
        title={q.trim() !== '' ? t('events.noneMatch') : t(`events.empty.${status}`)}
        description={status === 'draft' ? t('events.draftHelp') : undefined}
        action={
          <Button variant="contained" component={RouterLink} to={paths.adminEventNew.getHref()} startIcon={<AddRoundedIcon />}>
            {t('events.new')}
          </Button>
        }
      />
    );
  else
    content = (
      <>
        <AdminEventsTable events={events} />
        <LoadMore query={query} errorTitle={t('events.moreFailed')} />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={t('events.title')}
        description={t('events.description')}
        breadcrumbs={[{ label: t('common:nav.admin'), href: paths.admin.getHref() }]}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ mb: 3 }}>
        <Button variant="contained" component={RouterLink} to={paths.adminEventNew.getHref()} startIcon={<AddRoundedIcon />}>
          {t('events.new')}
        </Button>
        <Button variant="outlined" component={RouterLink} to={paths.adminVenues.getHref()} startIcon={<PlaceRoundedIcon />}>
          {t('venues.title')}
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
          aria-label={t('events.statusTabs')}
          variant="scrollable"
          allowScrollButtonsMobile
        >
          {TAB_ORDER.map((value) => (
            <Tab key={value} value={value} label={t(TAB_KEYS[value])} id={`status-tab-${value}`} aria-controls="status-panel" />
          ))}
        </Tabs>
        <TextField
          type="search"
          size="small"
          label={t('events.search')}
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
