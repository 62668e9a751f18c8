import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { REFUND_POLICY_DEFAULT_HOURS } from '@iatichet/contracts';
import type { EventFormValues, RefundMode } from '../utils/event-form-values';

const MODES: { value: RefundMode; label: string }[] = [
  { value: 'default', label: `Until ${REFUND_POLICY_DEFAULT_HOURS} hours before the start (default)` },
  { value: 'until', label: 'Until a time you choose' },
  { value: 'none', label: 'Not allowed: only organisers refund' },
];

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
  const untilField = 'refundPolicy.selfServiceUntil';
  return (
    <Box sx={{ display: 'grid', gap: 2.5, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
      <TextField
        select
        name="refundMode"
        label="Buyers can cancel for a refund"
        value={values.refundMode}
        onChange={(event) => onChange({ refundMode: event.target.value as RefundMode }, 'refundMode')}
        helperText="Never after a ticket of the reservation was used at the door."
      >
        {MODES.map((mode) => (
          <MenuItem key={mode.value} value={mode.value}>
            {mode.label}
          </MenuItem>
        ))}
      </TextField>
      {values.refundMode === 'until' && (
        <TextField
          name={untilField}
          type="datetime-local"
          label="Refunds on request until"
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
