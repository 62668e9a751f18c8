import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { attendeeNameErrors, MAX_NAME_LENGTH } from '../utils/attendee-names';

interface AttendeeNamesFieldsProps {
  /** One label per ticket, in the order the server fills names in ("Row A seat 5", "Ticket 2"). */
  labels: readonly string[];
  /** null: no names (the default); otherwise one per ticket. */
  names: readonly string[] | null;
  onChange: (names: string[] | null) => void;
  /** Goes up on every refused submit: the errors show, and the first field with one takes focus. */
  attempt: number;
  disabled: boolean;
}

/** Optional names on the tickets, asked for only when the buyer switches them on. */
export function AttendeeNamesFields({ labels, names, onChange, attempt, disabled }: AttendeeNamesFieldsProps) {
  const { t } = useTranslation('events');
  const errors = names === null || attempt === 0 ? [] : attendeeNameErrors(names);
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) listRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  return (
    <Box sx={{ mt: 3 }}>
      <FormControlLabel
        control={
          <Switch
            checked={names !== null}
            disabled={disabled}
            onChange={(event) => onChange(event.target.checked ? labels.map(() => '') : null)}
          />
        }
        label={t('names.switch')}
      />
      {names !== null && (
        <Box ref={listRef}>
          <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
            {t('names.help')}
          </Typography>
          <Stack spacing={2} sx={{ maxWidth: 480 }}>
            {labels.map((label, index) => (
              <TextField
                key={label}
                label={t('names.field', { ticket: label })}
                value={names[index] ?? ''}
                disabled={disabled}
                autoComplete="name"
                error={errors[index] !== undefined}
                helperText={errors[index]}
                slotProps={{ htmlInput: { maxLength: MAX_NAME_LENGTH + 20 } }}
                // The sticky "Reserve" bar covers the bottom of the screen: a focused field stops above it.
                sx={{ '& input': { scrollMarginBottom: '180px' } }}
                onChange={(event) => onChange(names.map((name, at) => (at === index ? event.target.value : name)))}
              />
            ))}
          </Stack>
        </Box>
      )}
    </Box>
  );
}
