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
  return (
    <Stack role="search" aria-label="Filter the audit log" direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 3 }}>
      <Autocomplete
        freeSolo
        options={KNOWN_ACTIONS}
        inputValue={value.action}
        onInputChange={(_event, action) => onChange({ ...value, action })}
        sx={{ flex: 1, minWidth: 0 }}
        renderInput={(params) => <TextField {...params} label="Action" placeholder="e.g. user.disable" />}
      />
      <TextField
        label="Record id"
        value={value.entityId}
        onChange={(event) => onChange({ ...value, entityId: event.target.value })}
        sx={{ flex: 1, minWidth: 0 }}
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
      />
    </Stack>
  );
}
