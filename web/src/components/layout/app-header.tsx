/**
 * The site header: the brand (home link), the navigation for the visitor's role, and the account
 * corner (sign in, or the user menu) that the app passes in. On a phone the navigation moves into
 * a drawer behind a menu button.
 */
import { useTranslation } from 'react-i18next';
import { useState, type ReactNode } from 'react';
import { Link as RouterLink, NavLink } from 'react-router';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import IconButton from '@mui/material/IconButton';
import Toolbar from '@mui/material/Toolbar';
import MenuRoundedIcon from '@mui/icons-material/MenuRounded';
import type { Role } from '@iatichet/contracts';
import { visibleNavItems } from '@/config/navigation';
import { paths } from '@/config/paths';
import { BrandMark } from './brand-mark';
import { NavDrawer } from './nav-drawer';

const DRAWER_ID = 'site-navigation-drawer';

interface AppHeaderProps {
  /** The signed-in person's role, null for a visitor: decides which navigation entries show. */
  role: Role | null;
  /** The account corner: sign-in buttons or the user menu. */
  account?: ReactNode;
}

export function AppHeader({ role, account }: AppHeaderProps) {
  const [drawerOpen, setDrawerOpen] = useState(false);
  const items = visibleNavItems(role);
  const { t } = useTranslation();

  return (
    <AppBar position="sticky" elevation={0} sx={{ bgcolor: 'primary.dark' }}>
      <Container maxWidth="lg">
        <Toolbar disableGutters sx={{ gap: { xs: 1, sm: 2 }, minHeight: { xs: 60, sm: 68 } }}>
          <Box
            component={RouterLink}
            to={paths.home.getHref()}
            aria-label={t('nav.home')}
            sx={{ color: 'inherit', textDecoration: 'none', borderRadius: 1, display: 'inline-flex', py: 0.5 }}
          >
            <BrandMark compact />
          </Box>

          <Box component="nav" aria-label={t('nav.main')} sx={{ display: { xs: 'none', sm: 'flex' }, gap: 0.5, ml: 3 }}>
            {items.map((item) => (
              <Button
                key={item.href}
                component={NavLink}
                to={item.href}
                color="inherit"
                sx={{
                  borderRadius: 2,
                  px: 1.75,
                  opacity: 0.88,
                  '&:hover': { opacity: 1, bgcolor: 'rgba(255,255,255,0.08)' },
                  '&[aria-current="page"]': { opacity: 1, bgcolor: 'rgba(255,255,255,0.14)' },
                }}
              >
                {t(item.labelKey)}
              </Button>
            ))}
          </Box>

          <Box sx={{ flexGrow: 1 }} />
          {account}

          <IconButton
            color="inherit"
            edge="end"
            aria-label={t('nav.open')}
            aria-controls={DRAWER_ID}
            aria-expanded={drawerOpen}
            onClick={() => setDrawerOpen(true)}
            sx={{ display: { xs: 'inline-flex', sm: 'none' } }}
          >
            <MenuRoundedIcon />
          </IconButton>
        </Toolbar>
      </Container>
      <NavDrawer id={DRAWER_ID} items={items} open={drawerOpen} onClose={() => setDrawerOpen(false)} />
    </AppBar>
  );
}
