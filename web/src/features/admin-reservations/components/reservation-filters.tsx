import { useTranslation } from 'react-i18next';
import InputAdornment from '@mui/material/InputAdornment';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import SearchRoundedIcon from '@mui/icons-material/SearchRounded';
import { RESERVATION_STATUSES, type ReservationStatus } from '@iatichet/contracts';
import { reservationStatusLabel } from '@/lib/reservation-labels';
import type { AdminReservationFilters } from '../api/get-admin-reservations';
import { EventFilter } from './event-filter';
import { AnswerFilter } from './answer-filter';

interface ReservationFiltersProps {
  value: AdminReservationFilters;
  onChange: (next: AdminReservationFilters) => void;
}

export function ReservationFilters({ value, onChange }: ReservationFiltersProps) {
  const { t } = useTranslation('admin-reservations');
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
        sx={{ flex: 1.3, minWidth: { md: 260 } }}
        slotProps={{
          htmlInput: { spellCheck: false, autoCapitalize: 'none' },
          input: {
            startAdornment: (
              <InputAdornment position="start">
                <SearchRoundedIcon aria-hidden="true" />
              </InputAdornment>
            ),
          },
        }}
      />
      <EventFilter eventId={value.eventId} onChange={(eventId) => onChange({ ...value, eventId })} />
      <TextField
        select
        label={t('columns.status')}
        value={value.status}
        onChange={(event) => onChange({ ...value, status: event.target.value as ReservationStatus | 'any' })}
        sx={{ minWidth: { md: 190 } }}
      >
        <MenuItem value="any">{t('filters.allStatuses')}</MenuItem>
        {RESERVATION_STATUSES.map((status) => (
          <MenuItem key={status} value={status}>
            {reservationStatusLabel(status)}
          </MenuItem>
        ))}
      </TextField>
      <AnswerFilter value={value} onChange={onChange} />
    </Stack>
  );
}
