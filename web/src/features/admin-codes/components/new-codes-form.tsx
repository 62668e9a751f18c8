/**
 * Making codes: one named code, or many generated with the same terms (up to 1,000, with an
 * optional prefix). Field problems are said at the field, from the form's own checks or the server.
 */
import { useRef, useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { CODE_LIMITS, type CatalogEvent } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { useCreateCode, useGenerateCodes } from '../api/codes';
import { readTerms } from '../utils/code-form-values';
import { CodeTermsFields } from './code-terms-fields';

const CODE_RE = /^[A-Za-z0-9_-]{3,40}$/;

export function NewCodesForm({ event }: { event: CatalogEvent }) {
  const { t } = useTranslation('codes');
  const [mode, setMode] = useState<'one' | 'many'>('one');
  const [made, setMade] = useState<number | null>(null);
  const create = useCreateCode(event.id);
  const generate = useGenerateCodes(event.id);
  const mutation = mode === 'one' ? create : generate;
  const { errors, startAttempt, markEdited } = useFormErrors(mutation.error);
  const formRef = useRef<HTMLFormElement>(null);

  const submit = (submitEvent: SubmitEvent<HTMLFormElement>) => {
    submitEvent.preventDefault();
    const form = submitEvent.currentTarget;
    const data = new FormData(form);
    const { terms, problems } = readTerms(data);
    const found: Record<string, string> = Object.fromEntries(
      Object.entries(problems).map(([k, v]) => [k, t(`admin.problem.${v}`)]),
    );
    const code = formText(data, 'code').trim();
    const countText = formText(data, 'count').trim();
    const count = Number(countText);
    if (mode === 'one' && !CODE_RE.test(code)) found.code = t('admin.problem.code');
    if (mode === 'many' && (!/^\d{1,4}$/.test(countText) || count < 1 || count > CODE_LIMITS.generateMax))
      found.count = t('admin.problem.count');
    startAttempt(found);
    setMade(null);
    if (Object.keys(found).length > 0) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const done = (n: number) => {
      form.reset();
      setMade(n);
    };
    if (mode === 'one') create.mutate({ code, ...terms }, { onSuccess: () => done(1) });
    else
      generate.mutate(
        { count, prefix: formText(data, 'prefix').trim(), ...terms },
        { onSuccess: (answer) => done(answer.items.length) },
      );
  };

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3, mb: 3 }}>
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {t('admin.newTitle')}
      </Typography>
      <ToggleButtonGroup
        exclusive
        value={mode}
        onChange={(_, next: 'one' | 'many' | null) => {
          if (next !== null) setMode(next);
        }}
        aria-label={t('admin.mode')}
        sx={{ mb: 2 }}
      >
        <ToggleButton value="one" sx={{ minHeight: 44 }}>
          {t('admin.modeOne')}
        </ToggleButton>
        <ToggleButton value="many" sx={{ minHeight: 44 }}>
          {t('admin.modeMany')}
        </ToggleButton>
      </ToggleButtonGroup>
      <Box component="form" ref={formRef} noValidate onSubmit={submit} onInput={(e) => markEdited(fieldNameOf(e.target))}>
        <Stack spacing={2}>
          {mode === 'one' ? (
            <TextField
              name="code"
              label={t('admin.code')}
              error={errors.code !== undefined}
              helperText={errors.code ?? t('admin.codeHelp')}
              slotProps={{ htmlInput: { maxLength: 40, spellCheck: false } }}
              sx={{ maxWidth: 360 }}
            />
          ) : (
            <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
              <TextField
                name="count"
                label={t('admin.count')}
                inputMode="numeric"
                error={errors.count !== undefined}
                helperText={errors.count ?? t('admin.countHelp')}
              />
              <TextField
                name="prefix"
                label={t('admin.prefix')}
                helperText={errors.prefix ?? t('admin.prefixHelp')}
                error={errors.prefix !== undefined}
              />
            </Stack>
          )}
          <CodeTermsFields event={event} errors={errors} />
          <FormErrorAlert
            error={mutation.error}
            fieldNames={['code', 'count', 'prefix', 'percentOff', 'amountOffCents', 'maxUses', 'validUntil']}
          />
          {made !== null && (
            <Alert severity="success" role="status">
              {t('admin.made', { count: made })}
            </Alert>
          )}
          <Box>
            <Button type="submit" variant="contained" loading={mutation.isPending} sx={{ minHeight: 44 }}>
              {mode === 'one' ? t('admin.create') : t('admin.generate')}
            </Button>
          </Box>
        </Stack>
      </Box>
    </Paper>
  );
}
