import i18next from 'i18next';
import Chip, { type ChipProps } from '@mui/material/Chip';
import type { Role } from '@iatichet/contracts';

/** "staff" -> "Staff", in the reader's language. */
export function roleLabel(role: Role): string {
  return i18next.t(`common:role.${role}`);
}

const ROLE_COLORS: Record<Role, ChipProps['color']> = { user: 'default', staff: 'info', admin: 'secondary' };

/** A role as a small label; `onDark` for the header's plum background. */
export function RoleChip({ role, onDark = false }: { role: Role; onDark?: boolean }) {
  return (
    <Chip
      label={roleLabel(role)}
      size="small"
      color={onDark ? 'secondary' : ROLE_COLORS[role]}
      variant={onDark || role !== 'user' ? 'filled' : 'outlined'}
      sx={{ fontWeight: 700, height: 22 }}
    />
  );
}
