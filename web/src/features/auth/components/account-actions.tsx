/**
 * The header's account corner: "Sign in" and "Register" for a visitor, or a menu with the signed-in
 * person's name, role, their account page and "Sign out". Lives in the header through the root layout.
 */
import { useTranslation } from 'react-i18next';
import { useId, useState } from 'react';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { paths } from '@/config/paths';
import { useCurrentUser } from '@/lib/auth/current-user';
import { useSignOut } from '../api/sign-out';
import { UserMenu } from './user-menu';

/** Pages that make no sense to come back to after signing in. */
const NO_RETURN = new Set<string>([paths.home.path, paths.signIn.path, paths.register.path]);

function SignedOutActions() {
  const { t } = useTranslation('auth');
  const location = useLocation();
  const returnTo = NO_RETURN.has(location.pathname) ? undefined : `${location.pathname}${location.search}`;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <Button component={RouterLink} to={paths.signIn.getHref(returnTo)} color="inherit" sx={{ whiteSpace: 'nowrap' }}>
        {t('signIn.submit')}
      </Button>
      <Button
        component={RouterLink}
        to={paths.register.getHref(returnTo)}
        variant="contained"
        color="secondary"
        sx={{ display: { xs: 'none', sm: 'inline-flex' }, whiteSpace: 'nowrap' }}
      >
        {t('register.link')}
      </Button>
    </Stack>
  );
}

export function AccountActions() {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const menuId = useId();
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const signOut = useSignOut({
    // Leave a page that needs a session first (flushSync: before the cache says "signed out"), so its
    // guard does not send the person to the sign-in form instead.
    beforeForget: () => navigate(paths.home.getHref(), { flushSync: true }),
  });

  // While we do not know yet, keep the corner empty rather than flash "Sign in" at a signed-in person.
  if (me.isPending) return <Box aria-hidden="true" sx={{ width: 40 }} />;
  if (!me.data) return <SignedOutActions />;

  return (
    <UserMenu
      id={menuId}
      user={me.data}
      signingOut={signOut.isPending}
      signOutError={signOutError}
      onSignOut={() => {
        setSignOutError(null);
        signOut.mutate(undefined, { onError: setSignOutError });
      }}
    />
  );
}
