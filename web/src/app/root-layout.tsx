import { useEffect, useRef } from 'react';
import { Outlet, ScrollRestoration, useLocation } from 'react-router';
import Box from '@mui/material/Box';
import { AppFooter } from '@/components/layout/app-footer';
import { AppHeader } from '@/components/layout/app-header';
import { SkipLink } from '@/components/layout/skip-link';
import { AccountActions } from '@/features/auth/components/account-actions';
import { LanguageSwitch, useAccountLocale } from '@/features/auth/components/language-switch';
import { UnverifiedBanner } from '@/features/auth/components/unverified-banner';
import { NotificationBell } from '@/features/notifications/components/notification-bell';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useSocketIdentity } from '@/lib/realtime/socket';

const MAIN_ID = 'main-content';

/** Moves focus to the new page's content after a client-side navigation, as a full page load would. */
function useFocusMainOnNavigation() {
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  // Compared with the last path rather than "first render", which StrictMode's double effects would fool.
  const lastPathname = useRef(pathname);
  useEffect(() => {
    if (lastPathname.current === pathname) return;
    lastPathname.current = pathname;
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);
  return mainRef;
}

export function RootLayout() {
  const mainRef = useFocusMainOnNavigation();
  const me = useCurrentUser();
  useAccountLocale();
  useSocketIdentity();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', minHeight: '100vh' }}>
      <SkipLink targetId={MAIN_ID} />
      <AppHeader
        role={me.data?.role ?? null}
        account={
          <>
            <LanguageSwitch />
            <NotificationBell />
            <AccountActions />
          </>
        }
      />
      <UnverifiedBanner />
      <Box component="main" id={MAIN_ID} ref={mainRef} tabIndex={-1} sx={{ flexGrow: 1, '&:focus-visible': { outline: 'none' } }}>
        <Outlet />
      </Box>
      <AppFooter />
      <ScrollRestoration />
    </Box>
  );
}
