import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import type { EventFormValues } from '../utils/event-form-values';

interface WaitlistSettingsFieldsProps {
  values: EventFormValues;
  errors: Record<string, string | undefined>;
  onChange: (patch: Partial<EventFormValues>, field: string) => void;
}

/**
 * The event's waiting list: on or off (off refuses new entries; those already in line are still
 * served), and how long an offer holds its tickets (blank: the site's default).
 */
export function WaitlistSettingsFields({ values, errors, onChange }: WaitlistSettingsFieldsProps) {
  const { t } = useTranslation('admin-catalog');
  const field = 'waitlist.offerMinutes';
  return (
    <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, alignItems: 'start' }}>
      <FormControlLabel
        control={
          <Switch
            name="waitlist.enabled"
            checked={values.waitlistEnabled}
            onChange={(event) => onChange({ waitlistEnabled: event.target.checked }, 'waitlist.enabled')}
          />
        }
        label={t('waitlist.enabled')}
        sx={{ minHeight: 44 }}
      />
      <TextField
        name={field}
        label={t('waitlist.offerMinutes')}
        inputMode="numeric"
        value={values.waitlistOfferMinutes}
        disabled={!values.waitlistEnabled}
        onChange={(event) => onChange({ waitlistOfferMinutes: event.target.value }, field)}
        error={errors[field] !== undefined}
        helperText={errors[field] ?? t('waitlist.offerMinutesHelp')}
      />
    </Box>
  );
}
