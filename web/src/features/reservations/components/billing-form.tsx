/**
 * "Billing details for the invoice", in the checkout: optional, saved before paying (the invoice is
 * issued with the payment and names whoever is saved here; without it, the account's name). Checked
 * here with the same rules as the server (contracts' normalizeBilling), then PUT.
 */
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import ExpandMoreRoundedIcon from '@mui/icons-material/ExpandMoreRounded';
import { BILLING_LIMITS, normalizeBilling, type Billing, type Reservation } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { useSaveBilling } from '../api/save-billing';

const FIELDS = ['name', 'company', 'vatId', 'address', 'country'] as const;
type Field = (typeof FIELDS)[number];

export function BillingForm({ reservation, open }: { reservation: Reservation; open: boolean }) {
  const { t } = useTranslation('invoices');
  const save = useSaveBilling();
  const { errors, startAttempt, markEdited } = useFormErrors(save.error);
  const [attempts, setAttempts] = useState(0);
  const [saved, setSaved] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempts);
  const billing = reservation.billing ?? null;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending || !open) return;
    const data = new FormData(event.currentTarget);
    const input: Billing = {
      name: formText(data, 'name'),
      company: formText(data, 'company'),
      vatId: formText(data, 'vatId'),
      address: formText(data, 'address'),
      country: formText(data, 'country'),
    };
    const { problems } = normalizeBilling(input);
    const found: Record<string, string> = {};
    for (const p of problems) found[p.path.slice(1)] ??= t(`form.errors.${p.path.slice(1) as Field}`);
    startAttempt(found);
    setSaved(false);
    if (problems.length > 0) {
      save.reset();
      setAttempts((n) => n + 1);
      return;
    }
    save.mutate(
      { id: reservation.id, billing: input },
      { onSuccess: () => setSaved(true), onError: () => setAttempts((n) => n + 1) },
    );
  }

  const field = (name: Field) => ({
    name,
    label: t(`form.${name}`),
    defaultValue: billing?.[name] ?? (name === 'country' ? 'RO' : ''),
    error: errors[name] !== undefined,
    helperText: errors[name] ?? (name === 'country' ? t('form.countryHint') : undefined),
    disabled: !open,
    fullWidth: true,
    slotProps: { htmlInput: { maxLength: BILLING_LIMITS[name] } },
  });

  return (
    <Accordion variant="outlined" defaultExpanded={billing !== null} sx={{ borderRadius: 3, '&::before': { display: 'none' } }}>
      <AccordionSummary
        expandIcon={<ExpandMoreRoundedIcon />}
        aria-controls="billing-form"
        id="billing-heading"
        sx={{ minHeight: 48 }}
      >
        <Typography component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
          {t('form.title')}
        </Typography>
      </AccordionSummary>
      <AccordionDetails id="billing-form">
        <form
          ref={formRef}
          noValidate
          onSubmit={handleSubmit}
          onChange={(e) => markEdited(fieldNameOf(e.target))}
          aria-labelledby="billing-heading"
        >
          <Stack spacing={2}>
            <Typography variant="body2" color="text.secondary">
              {t('form.intro')}
            </Typography>
            <TextField {...field('name')} required autoComplete="name" />
            <TextField {...field('company')} autoComplete="organization" />
            <TextField {...field('vatId')} />
            <TextField {...field('address')} required multiline minRows={2} autoComplete="street-address" />
            <TextField {...field('country')} required autoComplete="country" sx={{ maxWidth: 200 }} />
            <FormErrorAlert error={save.error} fieldNames={FIELDS} />
            {saved && (
              <Alert severity="success" role="status">
                {t('form.saved')}
              </Alert>
            )}
            <Button
              type="submit"
              variant="outlined"
              loading={save.isPending}
              disabled={!open}
              sx={{ alignSelf: 'flex-start', minHeight: 44 }}
            >
              {t('form.save')}
            </Button>
          </Stack>
        </form>
      </AccordionDetails>
    </Accordion>
  );
}
