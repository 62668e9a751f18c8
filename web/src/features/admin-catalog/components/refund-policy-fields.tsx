import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { REFUND_POLICY_DEFAULT_HOURS } from '@iatichet/contracts';
import type { EventFormValues, RefundMode } from '../utils/event-form-values';

const MODES: readonly RefundMode[] = ['default', 'until', 'none'];

interface RefundPolicyFieldsProps {
  values: EventFormValues;
  errors: Record<string, string | undefined>;
  onChange: (patch: Partial<EventFormValues>, field: string) => void;
}

/**
 * Until when buyers may cancel a paid reservation themselves for a refund. Never after one of its
 * tickets was checked in; organisers can refund at any time whatever is chosen here.
 */
export function RefundPolicyFields({ values, errors, onChange }: RefundPolicyFieldsProps) {
  const { t } = useTranslation('admin-catalog');
  const untilField = 'refundPolicy.selfServiceUntil';
  const modeLabel = {
    default: t('refunds.default', { hours: REFUND_POLICY_DEFAULT_HOURS }),
    until: t('refunds.until'),
    none: t('refunds.none'),
  };
  return (
    <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      <TextField
        select
        name="refundMode"
        label={t('refunds.label')}
        value={values.refundMode}
        onChange={(event) => onChange({ refundMode: event.target.value as RefundMode }, 'refundMode')}
        helperText={t('refunds.help')}
      >
        {MODES.map((mode) => (
          <MenuItem key={mode} value={mode}>
            {modeLabel[mode]}
          </MenuItem>
        ))}
      </TextField>
      {values.refundMode === 'until' && (
        <TextField
          name={untilField}
          type="datetime-local"
          label={t('refunds.untilLabel')}
          required
          value={values.refundUntil}
          onChange={(event) => onChange({ refundUntil: event.target.value }, untilField)}
          error={errors[untilField] !== undefined}
          helperText={errors[untilField]}
          slotProps={{ inputLabel: { shrink: true } }}
        />
      )}
    </Box>
  );
}
