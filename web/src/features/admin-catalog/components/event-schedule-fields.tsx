import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Venue } from '@iatichet/contracts';
import { formatNumber } from '@/lib/format-money';
import type { EventFormValues } from '../utils/event-form-values';

interface EventScheduleFieldsProps {
  values: EventFormValues;
  venues: readonly Venue[];
  errors: Record<string, string | undefined>;
  /** A published reserved-seating event cannot move to another venue. */
  venueLocked: boolean;
  onChange: (patch: Partial<EventFormValues>, field: string) => void;
}

const shrink = { inputLabel: { shrink: true } } as const;

function venueText(venue: Venue, t: TFunction): string {
  const seating =
    venue.layout === null
      ? t('schedule.noSeatMap')
      : t('venues.seats', { count: venue.seatCount, number: formatNumber(venue.seatCount) });
  return t('schedule.venueOption', { name: venue.name, city: venue.city, seating });
}

/**
 * Where and when: the venue, the event's start and end, and the (optional) sales window. The
 * times are typed as the venue's wall clock, whatever the organiser's own zone: a Cluj concert at
 * 19:00 is entered as 19:00 from New York too.
 */
export function EventScheduleFields({ values, venues, errors, venueLocked, onChange }: EventScheduleFieldsProps) {
  const { t } = useTranslation('admin-catalog');
  const zone = venues.find((venue) => venue.id === values.venueId)?.timeZone;
  const time = (name: 'startsAt' | 'endsAt' | 'doorsAt' | 'salesStartAt' | 'salesEndAt', label: string, helper?: string) => (
    <TextField
      name={name}
      type="datetime-local"
      label={label}
      value={values[name]}
      required={name === 'startsAt' || name === 'endsAt'}
      onChange={(event) => onChange({ [name]: event.target.value }, name)}
      error={errors[name] !== undefined}
      helperText={errors[name] ?? helper}
      slotProps={shrink}
    />
  );
  return (
    <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      <TextField
        select
        name="venueId"
        label={t('schedule.venue')}
        required
        value={values.venueId}
        disabled={venueLocked}
        onChange={(event) => onChange({ venueId: event.target.value }, 'venueId')}
        error={errors.venueId !== undefined}
        helperText={errors.venueId ?? (venueLocked ? t('schedule.venueLocked') : undefined)}
        sx={{ gridColumn: '1 / -1' }}
      >
        {venues.map((venue) => (
          <MenuItem key={venue.id} value={venue.id}>
            {venueText(venue, t)}
          </MenuItem>
        ))}
      </TextField>
      {zone !== undefined && (
        <Typography variant="body2" color="text.secondary" sx={{ gridColumn: '1 / -1' }}>
          {t('schedule.zone', { zone })}
        </Typography>
      )}
      {time('startsAt', t('schedule.starts'))}
      {time('endsAt', t('schedule.ends'))}
      {time('doorsAt', t('schedule.doors'), t('schedule.doorsHelp'))}
      {time('salesStartAt', t('schedule.salesOpen'), t('schedule.salesOpenHelp'))}
      {time('salesEndAt', t('schedule.salesClose'), t('schedule.salesCloseHelp'))}
    </Box>
  );
}
