/**
 * The terms every code form shares (create, generate, edit): access or discount, the discount,
 * which ticket types (hidden ones marked), how many uses, and when it is valid. Uncontrolled
 * fields read with FormData; `initial` fills them when a code is edited.
 */
import { useTranslation } from 'react-i18next';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { CatalogEvent, DiscountCode } from '@iatichet/contracts';
import { unitsFromCents } from '@/lib/format-money';
import { localInputOf } from '../utils/code-form-values';

interface CodeTermsFieldsProps {
  event: CatalogEvent;
  initial?: DiscountCode;
  errors: Record<string, string | undefined>;
}

const field = { minWidth: 0, '& .MuiInputBase-root': { minHeight: 44 } };

export function CodeTermsFields({ event, initial, errors }: CodeTermsFieldsProps) {
  const { t } = useTranslation('codes');
  const discount =
    initial?.percentOff != null
      ? String(initial.percentOff)
      : initial?.amountOffCents != null
        ? unitsFromCents(initial.amountOffCents)
        : '';
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField
          select
          name="kind"
          label={t('admin.kind')}
          defaultValue={initial?.kind ?? 'discount'}
          slotProps={{ select: { native: true } }}
          sx={field}
        >
          <option value="discount">{t('admin.kindDiscount')}</option>
          <option value="access">{t('admin.kindAccess')}</option>
        </TextField>
        <TextField
          select
          name="discountKind"
          label={t('admin.discountKind')}
          defaultValue={initial?.amountOffCents != null ? 'amount' : 'percent'}
          slotProps={{ select: { native: true } }}
          sx={field}
        >
          <option value="percent">{t('admin.percent')}</option>
          <option value="amount">{t('admin.amount', { currency: event.currency })}</option>
        </TextField>
        <TextField
          name="discountValue"
          label={t('admin.discountValue')}
          defaultValue={discount}
          inputMode="decimal"
          error={errors.discountValue !== undefined}
          helperText={errors.discountValue ?? t('admin.discountHelp')}
          sx={field}
        />
      </Stack>
      <FormControl component="fieldset" variant="standard">
        <FormLabel component="legend">{t('admin.ticketTypes')}</FormLabel>
        <FormGroup sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2 }}>
          {event.ticketTypes.map((type) => (
            <FormControlLabel
              key={type.id}
              control={
                <Checkbox
                  name="ticketTypeIds"
                  value={type.id}
                  defaultChecked={initial?.ticketTypeIds.includes(type.id) ?? false}
                />
              }
              label={type.hidden ? t('admin.hiddenType', { name: type.name }) : type.name}
              sx={{ minHeight: 44 }}
            />
          ))}
        </FormGroup>
        <FormHelperText>{t('admin.ticketTypesHelp')}</FormHelperText>
      </FormControl>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField
          name="maxUses"
          label={t('admin.maxUses')}
          defaultValue={initial?.maxUses ?? ''}
          inputMode="numeric"
          error={errors.maxUses !== undefined}
          helperText={errors.maxUses ?? t('admin.maxUsesHelp')}
          sx={field}
        />
        <TextField
          name="validFrom"
          type="datetime-local"
          label={t('admin.validFrom')}
          defaultValue={localInputOf(initial?.validFrom ?? null)}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={field}
        />
        <TextField
          name="validUntil"
          type="datetime-local"
          label={t('admin.validUntil')}
          defaultValue={localInputOf(initial?.validUntil ?? null)}
          error={errors.validUntil !== undefined}
          helperText={errors.validUntil}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={field}
        />
      </Stack>
    </Stack>
  );
}
