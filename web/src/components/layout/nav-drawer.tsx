import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import CloseRoundedIcon from '@mui/icons-material/CloseRounded';
import type { NavItem } from '@/config/navigation';
import { darkSurface } from '@/theme';
import { BrandMark } from './brand-mark';

interface NavDrawerProps {
  id: string;
  items: readonly NavItem[];
  open: boolean;
  onClose: () => void;
}

/** The phone-width navigation: a drawer from the right that closes once a link is chosen. */
export function NavDrawer({ id, items, open, onClose }: NavDrawerProps) {
  const { t } = useTranslation();
  return (
    <Drawer id={id} anchor="right" open={open} onClose={onClose} slotProps={{ paper: { sx: { width: 'min(300px, 85vw)' } } }}>
      <Box
        sx={{
          bgcolor: 'primary.dark',
          color: 'primary.contrastText',
          pl: 2.5,
          pr: 1,
          py: 1.5,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          ...darkSurface,
        }}
      >
        <BrandMark />
        <IconButton color="inherit" aria-label={t('nav.close')} onClick={onClose}>
          <CloseRoundedIcon />
        </IconButton>
      </Box>
      <Box component="nav" aria-label={t('nav.main')}>
        <List sx={{ py: 1 }}>
          {items.map((item) => (
            <ListItemButton
              key={item.href}
              component={NavLink}
              to={item.href}
              onClick={onClose}
              sx={{
                py: 1.5,
                px: 2.5,
                borderLeft: 4,
                borderColor: 'transparent',
                '&[aria-current="page"]': { borderColor: 'secondary.main', bgcolor: 'action.selected' },
              }}
            >
              <ListItemText primary={t(item.labelKey)} slotProps={{ primary: { sx: { fontWeight: 600 } } }} />
            </ListItemButton>
          ))}
        </List>
      </Box>
    </Drawer>
  );
}
