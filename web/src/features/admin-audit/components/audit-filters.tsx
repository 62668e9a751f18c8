import { useTranslation } from 'react-i18next';
import { actionLabel } from './audit-parts';
import Autocomplete from '@mui/material/Autocomplete';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { AuditFilters as Filters } from '../api/get-audit-log';

/** Actions the server records today; any other can still be typed (the filter is an exact match). */
const KNOWN_ACTIONS = [
  'user.role_change',
  'user.disable',
  'user.enable',
  'user.bootstrap_admin',
  'venue.create',
  'venue.update',
  'venue.delete',
  'event.create',
  'event.update',
  'event.publish',
  'event.cancel',
  'event.delete',
  'event.poster',
];

interface AuditFiltersProps {
  value: Filters;
  onChange: (next: Filters) => void;
}

export function AuditFilters({ value, onChange }: AuditFiltersProps) {
  const { t } = useTranslation('admin-audit');
  return (
    <Stack role="search" aria-label={t('filters.label')} direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 3 }}>
      <Autocomplete
        freeSolo
        options={KNOWN_ACTIONS}
        getOptionLabel={(action) => (KNOWN_ACTIONS.includes(action) ? `${actionLabel(action)} (${action})` : action)}
        inputValue={value.action}
        onInputChange={(_event, action) => onChange({ ...value, action })}
        sx={{ flex: 1, minWidth: 0 }}
        renderInput={(params) => (
          <TextField {...params} label={t('filters.action')} placeholder={t('filters.actionPlaceholder')} />
        )}
      />
      <TextField
        label={t('filters.record')}
        value={value.entityId}
        onChange={(event) => onChange({ ...value, entityId: event.target.value })}
        sx={{ flex: 1, minWidth: 0 }}
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
      />
    </Stack>
  );
}
