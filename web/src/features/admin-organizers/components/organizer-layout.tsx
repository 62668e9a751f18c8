/**
 * /admin/organizer/*: the organizer switcher and the four sections (settings, members, API tokens,
 * webhooks) of the chosen organizer. The choice is remembered in this browser (lib/organizer-scope)
 * and handed to the section pages through the outlet context.
 */
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Outlet, useLocation, useOutletContext } from 'react-router';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ApartmentRoundedIcon from '@mui/icons-material/ApartmentRounded';
import { PageHeader } from '@/components/layout/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { setChosenOrganizerId, useChosenOrganizerId } from '@/lib/organizer-scope';
import { useDocumentTitle } from '@/lib/use-document-title';
import { useOrganizers, type Organizer } from '../api/organizers';
import { chooseOrganizer } from '../utils/organizer-choice';

/** The organizer the section pages work on. */
export function useOrganizer(): Organizer {
  return useOutletContext<Organizer>();
}

const SECTIONS = [
  { key: 'settings', href: paths.adminOrganizer.getHref() },
  { key: 'members', href: paths.adminOrganizerMembers.getHref() },
  { key: 'tokens', href: paths.adminOrganizerTokens.getHref() },
  { key: 'webhooks', href: paths.adminOrganizerWebhooks.getHref() },
] as const;

function OrganizerSwitcher({ organizers, chosen }: { organizers: readonly Organizer[]; chosen: Organizer }) {
  const { t } = useTranslation('admin-organizers');
  if (organizers.length < 2) return null;
  return (
    <TextField
      select
      label={t('switcher.label')}
      value={chosen.id}
      onChange={(event) => setChosenOrganizerId(event.target.value)}
      slotProps={{ select: { native: true } }}
      sx={{ minWidth: 240, mb: 3 }}
    >
      {organizers.map((organizer) => (
        <option key={organizer.id} value={organizer.id}>
          {organizer.name}
        </option>
      ))}
    </TextField>
  );
}

export function OrganizerLayout() {
  const { t } = useTranslation('admin-organizers');
  const query = useOrganizers();
  const remembered = useChosenOrganizerId();
  const location = useLocation();
  const chosen = query.data === undefined ? undefined : chooseOrganizer(query.data, remembered);
  useDocumentTitle(chosen?.name ?? t('title'));

  let content;
  if (query.isPending) content = <LoadingState label={t('loading')} />;
  else if (query.isError)
    content = <ErrorState error={query.error} title={t('loadFailed')} onRetry={() => void query.refetch()} />;
  else if (chosen === undefined)
    content = <EmptyState icon={<ApartmentRoundedIcon />} title={t('empty')} description={t('emptyText')} />;
  else
    content = (
      <>
        <OrganizerSwitcher organizers={query.data} chosen={chosen} />
        <Stack component="nav" aria-label={t('sections.label')} direction="row" sx={{ flexWrap: 'wrap', gap: 1, mb: 4 }}>
          {SECTIONS.map((section) => {
            const current =
              section.key === 'settings' ? location.pathname === section.href : location.pathname.startsWith(section.href);
            return (
              <Button
                key={section.key}
                component={RouterLink}
                to={section.href}
                variant={current ? 'contained' : 'outlined'}
                aria-current={current ? 'page' : undefined}
                sx={{ minHeight: 44 }}
              >
                {t(`sections.${section.key}`)}
              </Button>
            );
          })}
        </Stack>
        {/* A new organizer starts each section afresh: no form keeps the other's values. */}
        <Outlet key={chosen.id} context={chosen} />
      </>
    );

  return (
    <Container maxWidth="lg" sx={{ py: { xs: 4, sm: 6 } }}>
      <PageHeader
        title={chosen?.name ?? t('title')}
        description={t('description')}
        breadcrumbs={[{ label: t('common:nav.admin'), href: paths.admin.getHref() }]}
      />
      {content}
    </Container>
  );
}
