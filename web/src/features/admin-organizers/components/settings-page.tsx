/**
 * Organizer settings: name, slug, the legal details invoices print, and the sites that may embed
 * its events (docs/embedding.md). Owners and site admins may change them; the server says so to others.
 */
import { useTranslation } from 'react-i18next';
import { useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import TextField from '@mui/material/TextField';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { useUpdateOrganizer, type OrganizerPatch } from '../api/organizers';
import { parseEmbedOrigins } from '../utils/embed-origins';
import { useOrganizer } from './organizer-layout';
import { useFormAttempt } from './section-parts';

const TEXT_FIELDS = ['name', 'slug', 'legalName', 'address', 'vatId', 'invoicePrefix'] as const;
const FIELD_NAMES = [...TEXT_FIELDS, 'embedOrigins'];

export function SettingsPage() {
  const { t } = useTranslation('admin-organizers');
  const organizer = useOrganizer();
  const update = useUpdateOrganizer(organizer.id);
  const { errors, startAttempt, markEdited } = useFormErrors(update.error);
  const { formRef, failed } = useFormAttempt();
  const [saved, setSaved] = useState(false);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const data = new FormData(event.currentTarget);
    const found: Record<string, string> = {};
    if (formText(data, 'name').trim() === '') found.name = t('settings.nameRequired');
    const origins = parseEmbedOrigins(formText(data, 'embedOrigins'));
    if (origins.invalid.length > 0) found.embedOrigins = t('settings.originsInvalid', { lines: origins.invalid.join(', ') });
    startAttempt(found);
    if (Object.keys(found).length > 0) return failed();
    const patch: OrganizerPatch = { embedOrigins: origins.origins };
    for (const name of TEXT_FIELDS) patch[name] = formText(data, name).trim();
    update.mutate(patch, { onSuccess: () => setSaved(true), onError: failed });
  };

  const field = (name: (typeof TEXT_FIELDS)[number], extra: { multiline?: boolean; required?: boolean } = {}) => (
    <TextField
      name={name}
      label={t(`settings.${name}`)}
      defaultValue={organizer[name]}
      error={errors[name] !== undefined}
      helperText={errors[name] ?? (name === 'slug' ? t('settings.slugHelp') : undefined)}
      fullWidth
      multiline={extra.multiline}
      minRows={extra.multiline ? 2 : undefined}
      required={extra.required}
    />
  );

  return (
    <Box
      component="form"
      ref={formRef}
      noValidate
      aria-label={t('settings.form')}
      onSubmit={submit}
      onInput={(event) => markEdited(fieldNameOf(event.target))}
    >
      <Grid container spacing={2.5}>
        <Grid size={{ xs: 12, md: 6 }}>{field('name', { required: true })}</Grid>
        <Grid size={{ xs: 12, md: 6 }}>{field('slug')}</Grid>
        <Grid size={{ xs: 12, md: 6 }}>{field('legalName')}</Grid>
        <Grid size={{ xs: 12, md: 6 }}>{field('vatId')}</Grid>
        <Grid size={{ xs: 12, md: 6 }}>{field('address', { multiline: true })}</Grid>
        <Grid size={{ xs: 12, md: 6 }}>{field('invoicePrefix')}</Grid>
        <Grid size={12}>
          <TextField
            name="embedOrigins"
            label={t('settings.embedOrigins')}
            defaultValue={organizer.embedOrigins.join('\n')}
            error={errors.embedOrigins !== undefined}
            helperText={errors.embedOrigins ?? t('settings.embedOriginsHelp')}
            fullWidth
            multiline
            minRows={3}
            placeholder="https://www.example.ro"
          />
        </Grid>
        <Grid size={12}>
          <FormErrorAlert error={update.error} fieldNames={FIELD_NAMES} />
          {saved && (
            <Alert severity="success" role="status" sx={{ mb: 2 }}>
              {t('settings.saved')}
            </Alert>
          )}
          <Button type="submit" variant="contained" loading={update.isPending} sx={{ minHeight: 44 }}>
            {t('settings.save')}
          </Button>
        </Grid>
      </Grid>
    </Box>
  );
}
