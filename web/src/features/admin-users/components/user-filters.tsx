import { useTranslation } from 'react-i18next';
import FormControlLabel from '@mui/material/FormControlLabel';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import SearchRoundedIcon from '@mui/icons-material/SearchRounded';
import { ROLES, type Role } from '@iatichet/contracts';
import { roleLabel } from '@/components/data-display/role-chip';
import type { UserFilters as Filters } from '../api/get-users';

interface UserFiltersProps {
  value: Filters;
  onChange: (next: Filters) => void;
}

export function UserFilters({ value, onChange }: UserFiltersProps) {
  const { t } = useTranslation('admin-users');
  return (
    <Stack
      role="search"
      aria-label={t('filters.label')}
      direction={{ xs: 'column', md: 'row' }}
      spacing={2}
      sx={{ mb: 3, alignItems: { md: 'center' } }}
    >
      <TextField
        label={t('filters.search')}
        type="search"
        value={value.q}
        onChange={(event) => onChange({ ...value, q: event.target.value })}
        sx={{ flexGrow: 1, minWidth: { md: 280 } }}
        slotProps={{
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchRoundedIcon aria-hidden="true" />
              </InputAdornment>
            ),
          },
        }}
      />
      <TextField
        select
        label={t('filters.role')}
        value={value.role}
        onChange={(event) => onChange({ ...value, role: event.target.value as Role | 'any' })}
        sx={{ minWidth: { md: 180 } }}
      >
        <MenuItem value="any">{t('filters.allRoles')}</MenuItem>
        {ROLES.map((role) => (
          <MenuItem key={role} value={role}>
            {roleLabel(role)}
          </MenuItem>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Switch checked={value.showDisabled} onChange={(event) => onChange({ ...value, showDisabled: event.target.checked })} />
        }
        label={t('filters.showDisabled')}
        sx={{ whiteSpace: 'nowrap', mr: 0 }}
      />
    </Stack>
  );
}
