import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import type { User } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { RoleChip } from '@/components/data-display/role-chip';
import { formatDate } from '@/lib/format-date';
import { UserActionsMenu } from './user-actions-menu';
import type { UserChange } from './user-change';

interface UsersTableProps {
  users: readonly User[];
  /** The signed-in admin's id, to mark their own row. */
  currentUserId: string | undefined;
  onChoose: (user: User, change: UserChange) => void;
}

const fromMd = { display: { xs: 'none', md: 'table-cell' } } as const;

function StatusChip({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('admin-users');
  return (
    <Chip
      label={disabled ? t('status.disabled') : t('status.active')}
      size="small"
      color={disabled ? 'error' : 'success'}
      variant="outlined"
      sx={{ fontWeight: 700, height: 22 }}
    />
  );
}

export function UsersTable({ users, currentUserId, onChoose }: UsersTableProps) {
  const { t } = useTranslation('admin-users');
  // On a phone the role and status move under the name (and the date goes): no sideways scrolling.
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'), { noSsr: true });
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
      <Table aria-label={t('title')} size="small" sx={{ '& td, & th': { py: 1.25 } }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('columns.user')}</TableCell>
            {!narrow && <TableCell>{t('columns.role')}</TableCell>}
            {!narrow && <TableCell>{t('columns.status')}</TableCell>}
            <TableCell sx={fromMd}>{t('columns.created')}</TableCell>
            <TableCell align="right">
              <Box component="span" sx={visuallyHidden}>
                {t('columns.actions')}
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.id} hover>
              <TableCell>
                <Typography component="span" sx={{ display: 'block', fontWeight: 600, overflowWrap: 'anywhere' }}>
                  {user.name}
                  {user.id === currentUserId && (
                    <Typography component="span" color="text.secondary" sx={{ fontWeight: 400 }}>
                      {' '}
                      {t('you')}
                    </Typography>
                  )}
                </Typography>
                <Typography
                  component="span"
                  variant="body2"
                  color="text.secondary"
                  sx={{ display: 'block', overflowWrap: 'anywhere' }}
                >
                  {user.email}
                </Typography>
                {narrow && (
                  <Box sx={{ display: 'flex', gap: 1, mt: 0.75 }}>
                    <RoleChip role={user.role} />
                    <StatusChip disabled={user.disabled} />
                  </Box>
                )}
              </TableCell>
              {!narrow && (
                <TableCell>
                  <RoleChip role={user.role} />
                </TableCell>
              )}
              {!narrow && (
                <TableCell>
                  <StatusChip disabled={user.disabled} />
                </TableCell>
              )}
              <TableCell sx={{ ...fromMd, whiteSpace: 'nowrap' }}>{formatDate(user.createdAt)}</TableCell>
              <TableCell align="right" sx={{ pl: 0 }}>
                <UserActionsMenu user={user} onChoose={(change) => onChoose(user, change)} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
