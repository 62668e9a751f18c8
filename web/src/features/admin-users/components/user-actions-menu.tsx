import { useTranslation } from 'react-i18next';
import { useId, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import BadgeRoundedIcon from '@mui/icons-material/BadgeRounded';
import BlockRoundedIcon from '@mui/icons-material/BlockRounded';
import CheckCircleOutlineRoundedIcon from '@mui/icons-material/CheckCircleOutlineRounded';
import HistoryRoundedIcon from '@mui/icons-material/HistoryRounded';
import MoreVertRoundedIcon from '@mui/icons-material/MoreVertRounded';
import type { User } from '@iatichet/contracts';
import { paths } from '@/config/paths';
import { availableChanges, describeChange, type UserChange } from './user-change';

function ChangeIcon({ change }: { change: UserChange }) {
  if (change.kind === 'role') return <BadgeRoundedIcon fontSize="small" />;
  return change.disabled ? <BlockRoundedIcon fontSize="small" /> : <CheckCircleOutlineRoundedIcon fontSize="small" />;
}

/** One row's actions: change role, disable or enable, and the account's history in the audit log. */
export function UserActionsMenu({ user, onChoose }: { user: User; onChoose: (change: UserChange) => void }) {
  const { t } = useTranslation('admin-users');
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const menuId = useId();
  const changes = availableChanges(user);
  const close = () => setAnchor(null);

  return (
    <>
      <IconButton
        aria-label={t('actionsFor', { name: user.name })}
        aria-haspopup="menu"
        aria-controls={anchor === null ? undefined : menuId}
        aria-expanded={anchor !== null}
        onClick={(event) => setAnchor(event.currentTarget)}
      >
        <MoreVertRoundedIcon />
      </IconButton>
      <Menu
        id={menuId}
        anchorEl={anchor}
        open={anchor !== null}
        onClose={close}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
      >
        {changes.map((change) => (
          <MenuItem
            key={change.kind === 'role' ? change.role : 'disabled'}
            onClick={() => {
              close();
              onChoose(change);
            }}
            sx={change.kind === 'disabled' && change.disabled ? { color: 'error.main' } : undefined}
          >
            <ListItemIcon sx={{ color: 'inherit' }}>
              <ChangeIcon change={change} />
            </ListItemIcon>
            {describeChange(change, user).menuLabel}
          </MenuItem>
        ))}
        <Divider />
        <MenuItem component={RouterLink} to={paths.adminAudit.getHref({ entityId: user.id })} onClick={close}>
          <ListItemIcon>
            <HistoryRoundedIcon fontSize="small" />
          </ListItemIcon>
          {t('history')}
        </MenuItem>
      </Menu>
    </>
  );
}
