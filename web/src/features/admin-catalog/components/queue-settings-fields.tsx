import Box from '@mui/material/Box';
import FormControlLabel from '@mui/material/FormControlLabel';
import MenuItem from '@mui/material/MenuItem';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import type { EventFormValues } from '../utils/event-form-values';
import type { AdmitMode } from '../utils/queue-settings-values';

interface QueueSettingsFieldsProps {
  values: EventFormValues;
  errors: Record<string, string | undefined>;
  onChange: (patch: Partial<EventFormValues>, field: string) => void;
}

const MODES: readonly AdmitMode[] = ['automatic', 'rate'];

/**
 * The event's waiting room (issue #20): on or off, when it opens (before the sale starts, when the
 * order is drawn), how fast buyers are let in, and how long each one's pass lasts.
 */
export function QueueSettingsFields({ values, errors, onChange }: QueueSettingsFieldsProps) {
  const { t } = useTranslation('queue');
  const off = !values.queueEnabled;
  const field = (name: string) => ({
    name: `queue.${name}`,
    error: errors[`queue.${name}`] !== undefined,
    disabled: off,
  });
  return (
    <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, alignItems: 'start' }}>
      <FormControlLabel
        control={
          <Switch
            name="queue.enabled"
            checked={values.queueEnabled}
            onChange={(event) => onChange({ queueEnabled: event.target.checked }, 'queue.enabled')}
          />
        }
        label={t('admin.enabled')}
        sx={{ minHeight: 44, gridColumn: '1 / -1' }}
      />
      <TextField
        {...field('opensAt')}
        type="datetime-local"
        label={t('admin.opensAt')}
        value={values.queueOpensAt}
        onChange={(event) => onChange({ queueOpensAt: event.target.value }, 'queue.opensAt')}
        helperText={errors['queue.opensAt'] ?? t('admin.opensAtHelp')}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        {...field('passMinutes')}
        label={t('admin.passMinutes')}
        inputMode="numeric"
        value={values.queuePassMinutes}
        onChange={(event) => onChange({ queuePassMinutes: event.target.value }, 'queue.passMinutes')}
        helperText={errors['queue.passMinutes'] ?? t('admin.passMinutesHelp')}
      />
      <TextField
        select
        name="queue.admitMode"
        disabled={off}
        label={t('admin.admitMode')}
        value={values.queueAdmitMode}
        onChange={(event) => onChange({ queueAdmitMode: event.target.value as AdmitMode }, 'queue.admitPerMinute')}
        helperText={values.queueAdmitMode === 'automatic' ? t('admin.automaticHelp') : undefined}
      >
        {MODES.map((mode) => (
          <MenuItem key={mode} value={mode}>
            {mode === 'automatic' ? t('admin.automatic') : t('admin.rate')}
          </MenuItem>
        ))}
      </TextField>
      {values.queueAdmitMode === 'rate' && (
        <TextField
          {...field('admitPerMinute')}
          required
          label={t('admin.admitPerMinute')}
          inputMode="numeric"
          value={values.queueAdmitPerMinute}
          onChange={(event) => onChange({ queueAdmitPerMinute: event.target.value }, 'queue.admitPerMinute')}
          helperText={errors['queue.admitPerMinute'] ?? t('admin.admitPerMinuteHelp')}
        />
      )}
    </Box>
  );
}
