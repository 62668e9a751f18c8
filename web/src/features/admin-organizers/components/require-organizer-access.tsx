/**
 * The admin area's gate: a site admin, or a member of at least one organizer (who sees only what
 * their organizers own: the API scopes every answer). Like RequireRole, it decides what is shown,
 * not what is allowed.
 */
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { NotAllowedScreen } from '@/components/errors/not-allowed-screen';
import { LoadingState } from '@/components/page-state';
import { useCurrentUser } from '@/lib/auth/current-user';
import { RequireAuth } from '@/lib/auth/require-auth';
import { useOrganizers } from '../api/organizers';

function MemberGate() {
  const { t } = useTranslation('admin-organizers');
  const me = useCurrentUser();
  const isAdmin = me.data?.role === 'admin';
  const organizers = useOrganizers();
  if (isAdmin) return <Outlet />;
  if (organizers.isPending) return <LoadingState label={t('loading')} />;
  // No membership, or no organizers API to ask: only site admins get in.
  if (organizers.isError || organizers.data.length === 0) return <NotAllowedScreen />;
  return <Outlet />;
}

export function RequireOrganizerAccess() {
  return (
    <RequireAuth>
      <MemberGate />
    </RequireAuth>
  );
}
