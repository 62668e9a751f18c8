import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import type { Venue } from '@iatichet/contracts';
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

function venueText(venue: Venue): string {
  return `${venue.name}, ${venue.city} · ${venue.layout === null ? 'no seat map' : `${venue.seatCount} seats`}`;
}

/** Where and when: the venue, the event's start and end, and the (optional) sales window. */
export function EventScheduleFields({ values, venues, errors, venueLocked, onChange }: EventScheduleFieldsProps) {
  const time = (name: 'startsAt' | 'endsAt' | 'salesStartAt' | 'salesEndAt', label: string, helper?: string) => (
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
        label="Venue"
        required
        value={values.venueId}
        disabled={venueLocked}
        onChange={(event) => onChange({ venueId: event.target.value }, 'venueId')}
        error={errors.venueId !== undefined}
        helperText={errors.venueId ?? (venueLocked ? 'A published event with reserved seats stays at its venue.' : undefined)}
        sx={{ gridColumn: '1 / -1' }}
      >
        {venues.map((venue) => (
          <MenuItem key={venue.id} value={venue.id}>
            {venueText(venue)}
          </MenuItem>
        ))}
      </TextField>
      {time('startsAt', 'Starts')}
      {time('endsAt', 'Ends')}
      {time('salesStartAt', 'Ticket sales open', 'Leave empty to sell from publication.')}
      {time('salesEndAt', 'Ticket sales close', 'Leave empty to sell until the event starts.')}
    </Box>
  );
}
