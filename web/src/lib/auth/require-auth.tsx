/**
 * Route guards. `RequireAuth` sends a signed-out visitor to sign in, with the page they wanted as
 * `returnTo`; `RequireRole` also shows a friendly "not allowed" page to a signed-in person whose
 * role does not fit. They decide what is shown, not what is allowed: the API checks every request.
 */
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import Container from '@mui/material/Container';
import type { Role } from '@iatichet/contracts';
import { NotAllowedScreen } from '@/components/errors/not-allowed-screen';
import { ErrorState, LoadingState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { useCurrentUser } from './current-user';

interface RequireRoleProps {
  /** Who may see the page; leave out to allow anyone who is signed in. */
  roles?: readonly Role[];
  /** The page; when left out, the child routes (an <Outlet />). */
  children?: ReactNode;
}

export function RequireRole({ roles, children }: RequireRoleProps) {
  const location = useLocation();
  const me = useCurrentUser();
  const { t } = useTranslation();

  // A failed background refetch keeps the last answer: only a first load that failed is shown as an error.
  if (me.data === undefined) {
    if (!me.isError) return <LoadingState label={t('state.checkingSignIn')} />;
    return (
      <Container maxWidth="sm" sx={{ py: 6 }}>
        <ErrorState error={me.error} title={t('state.signInCheckFailed')} onRetry={() => void me.refetch()} />
      </Container>
    );
  }
  if (me.data === null) {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={paths.signIn.getHref(here)} replace />;
  }
  if (roles !== undefined && !roles.includes(me.data.role)) return <NotAllowedScreen />;
  return children ?? <Outlet />;
}

export function RequireAuth({ children }: { children?: ReactNode }) {
  return <RequireRole>{children}</RequireRole>;
}
