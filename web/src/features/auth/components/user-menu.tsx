import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import LogoutRoundedIcon from '@mui/icons-material/LogoutRounded';
import PersonRoundedIcon from '@mui/icons-material/PersonRounded';
import type { User } from '@iatichet/contracts';
import { RoleChip } from '@/components/data-display/role-chip';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';

interface UserMenuProps {
  id: string;
  user: User;
  signingOut: boolean;
  signOutError: unknown;
  onSignOut: () => void;
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts.at(-1)] : [parts[0]];
  return letters.map((part) => part?.charAt(0).toUpperCase() ?? '').join('') || '?';
}

export function UserMenu({ id, user, signingOut, signOutError, onSignOut }: UserMenuProps) {
  const { t } = useTranslation('auth');
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const open = anchor !== null;
  const staff = user.role !== 'user';

  return (
    <>
      <Button
        color="inherit"
        aria-haspopup="menu"
        aria-controls={open ? id : undefined}
        aria-expanded={open}
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ gap: 1, px: { xs: 0.5, sm: 1 }, minWidth: 0, borderRadius: 999 }}
      >
        <Avatar
          aria-hidden="true"
          sx={{ width: 32, height: 32, fontSize: '0.875rem', bgcolor: 'secondary.main', color: 'secondary.contrastText' }}
        >
          {initials(user.name)}
        </Avatar>
        <Box
          component="span"
          sx={{
            // The name is the button's accessible name: on a phone it is read but not shown (the
            // initials are), rather than hidden from screen readers too.
            '@media (max-width: 899.95px)': visuallyHidden,
            maxWidth: 160,
            overflow: 'hidden',
            textOverflow: 'ellipsis',
            whiteSpace: 'nowrap',
          }}
        >
          {user.name}
        </Box>
        {staff && (
          <Box component="span" sx={{ display: { xs: 'none', sm: 'inline-flex' } }}>
            <RoleChip role={user.role} onDark />
          </Box>
        )}
        <Box component="span" sx={visuallyHidden}>
          {t('menu.label')}
        </Box>
      </Button>
      <Menu
        id={id}
        anchorEl={anchor}
        open={open}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { minWidth: 240, maxWidth: 'calc(100vw - 32px)', mt: 1 } } }}
      >
        <Box sx={{ px: 2, pt: 1, pb: 1.5 }}>
          <Typography sx={{ fontWeight: 700, overflowWrap: 'anywhere' }}>{user.name}</Typography>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {user.email}
          </Typography>
          {staff && (
            <Box sx={{ mt: 1 }}>
              <RoleChip role={user.role} />
            </Box>
          )}
        </Box>
        <Divider />
        <MenuItem component={RouterLink} to={paths.account.getHref()} onClick={() => setAnchor(null)}>
          <ListItemIcon>
            <PersonRoundedIcon fontSize="small" />
          </ListItemIcon>
          {t('menu.account')}
        </MenuItem>
        <MenuItem onClick={onSignOut} disabled={signingOut}>
          <ListItemIcon>
            <LogoutRoundedIcon fontSize="small" />
          </ListItemIcon>
          {signingOut ? t('menu.signingOut') : t('menu.signOut')}
        </MenuItem>
        {signOutError !== null && (
          <Alert severity="error" role="alert" sx={{ mx: 1, mt: 1 }}>
            {errorMessage(signOutError)}
          </Alert>
        )}
      </Menu>
    </>
  );
}
