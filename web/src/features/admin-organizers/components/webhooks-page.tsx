/**
 * Webhooks of the organizer: add one (a URL and the event types it wants; its signing secret is
 * shown once), switch one off and on, delete one, and open its delivery log.
 */
import { useTranslation } from 'react-i18next';
import i18next, { type TFunction } from 'i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import WebhookRoundedIcon from '@mui/icons-material/WebhookRounded';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { formText, useFormErrors } from '@/components/forms/use-form-errors';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import {
  WEBHOOK_EVENTS,
  useCreateWebhook,
  useDeleteWebhook,
  useSetWebhookEnabled,
  useWebhooks,
  type Webhook,
  type WebhookEvent,
} from '../api/webhooks';
import { ChoiceCheckboxes } from './choice-checkboxes';
import { useOrganizer } from './organizer-layout';
import { SecretListSection } from './secret-list-section';
import { ConfirmRemoval, FormCard, HIDE_ON_PHONE, SectionTable, useFormAttempt } from './section-parts';

function CreateWebhookForm({ organizerId, onCreated }: { organizerId: string; onCreated: (secret: string) => void }) {
  const { t } = useTranslation('admin-organizers');
  const create = useCreateWebhook(organizerId);
  const { errors, startAttempt, markEdited } = useFormErrors(create.error);
  const { formRef, failed } = useFormAttempt();

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const url = formText(data, 'url').trim();
    const events = data.getAll('events').filter((e): e is WebhookEvent => (WEBHOOK_EVENTS as readonly unknown[]).includes(e));
    const found: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/.test(url)) found.url = t('webhooks.urlInvalid');
    if (events.length === 0) found.events = t('webhooks.eventsRequired');
    startAttempt(found);
    if (Object.keys(found).length > 0) return failed();
    create.mutate(
      { url, events },
      {
        onSuccess: (created) => {
          form.reset();
          onCreated(created.secret);
        },
        onError: failed,
      },
    );
  };

  return (
    <FormCard title={t('webhooks.createTitle')} formRef={formRef} onSubmit={submit} onEdit={markEdited}>
      <Stack spacing={2}>
        <TextField
          name="url"
          type="url"
          label={t('webhooks.url')}
          placeholder="https://example.ro/iatichet-hook"
          helperText={errors.url ?? t('webhooks.urlHelp')}
          error={errors.url !== undefined}
          fullWidth
        />
        <ChoiceCheckboxes
          name="events"
          legend={t('webhooks.events')}
          choices={WEBHOOK_EVENTS}
          labelOf={(type) => webhookEventLabel(type, t)}
          error={errors.events}
        />
        <FormErrorAlert error={create.error} fieldNames={['url', 'events']} />
        <Box>
          <Button type="submit" variant="contained" loading={create.isPending} sx={{ minHeight: 44 }}>
            {t('webhooks.create')}
          </Button>
        </Box>
      </Stack>
    </FormCard>
  );
}

function WebhooksTable({ organizerId, hooks }: { organizerId: string; hooks: readonly Webhook[] }) {
  const { t } = useTranslation('admin-organizers');
  const setEnabled = useSetWebhookEnabled(organizerId);
  const remove = useDeleteWebhook(organizerId);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  return (
    <>
      {setEnabled.isError && (
        <Typography role="alert" color="error" sx={{ mb: 2 }}>
          {errorMessage(setEnabled.error)}
        </Typography>
      )}
      <SectionTable
        tableRef={tableRef}
        label={t('webhooks.table')}
        head={[
          t('webhooks.url'),
          [t('webhooks.events'), { hideOnPhone: true }],
          t('webhooks.enabled'),
          [t('members.actions'), { align: 'right' }],
        ]}
      >
        {hooks.map((hook) => (
          <TableRow key={hook.id}>
            <TableCell sx={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }}>{hook.url}</TableCell>
            <TableCell sx={HIDE_ON_PHONE}>{hook.events.map((type) => webhookEventLabel(type, t)).join(', ')}</TableCell>
            <TableCell>
              <FormControlLabel
                control={
                  <Switch
                    checked={hook.enabled !== false}
                    disabled={setEnabled.isPending}
                    onChange={(event) => setEnabled.mutate({ hookId: hook.id, enabled: event.target.checked })}
                  />
                }
                label={
                  <Box component="span" sx={visuallyHidden}>
                    {t('webhooks.enabledFor', { url: hook.url })}
                  </Box>
                }
                sx={{ minHeight: 44, m: 0 }}
              />
            </TableCell>
            <TableCell align="right">
              <Stack direction={{ xs: 'column', sm: 'row' }} sx={{ gap: 1, justifyContent: 'flex-end' }}>
                <Button component={RouterLink} to={paths.adminOrganizerWebhook.getHref(hook.id)} sx={{ minHeight: 44 }}>
                  {t('webhooks.deliveries')}
                  <Box component="span" sx={visuallyHidden}>{` ${hook.url}`}</Box>
                </Button>
                <Button color="error" onClick={() => setDeleting(hook)} sx={{ minHeight: 44 }}>
                  {t('webhooks.delete')}
                  <Box component="span" sx={visuallyHidden}>{` ${hook.url}`}</Box>
                </Button>
              </Stack>
            </TableCell>
          </TableRow>
        ))}
      </SectionTable>
      <ConfirmRemoval
        focusAfter={tableRef}
        item={deleting}
        idOf={(hook) => hook.id}
        title={t('webhooks.deleteTitle')}
        description={(hook) => t('webhooks.deleteText', { url: hook.url })}
        confirmLabel={t('webhooks.delete')}
        mutation={remove}
        errorText={errorMessage}
        onDone={() => setDeleting(null)}
      />
    </>
  );
}

/**
 * "Rezervare plătită (reservation.paid)": the event in words, with the code a receiving system
 * matches on; a type this version has no words for shows its code alone.
 */
function webhookEventLabel(type: string, t: TFunction): string {
  const key = `webhooks.eventLabel.${type.replace('.', '_')}`;
  return i18next.exists(key, { ns: 'admin-organizers' }) ? `${t(key)} (${type})` : type;
}

export function WebhooksPage() {
  const { t } = useTranslation('admin-organizers');
  const organizer = useOrganizer();
  return (
    <SecretListSection
      query={useWebhooks(organizer.id)}
      words={{
        title: t('webhooks.title'),
        loadFailed: t('webhooks.loadFailed'),
        empty: t('webhooks.empty'),
        emptyText: t('webhooks.emptyText'),
        createdTitle: t('webhooks.createdTitle'),
        secretLabel: t('webhooks.secretLabel'),
      }}
      emptyIcon={<WebhookRoundedIcon />}
      form={(onCreated) => <CreateWebhookForm organizerId={organizer.id} onCreated={onCreated} />}
    >
      {(hooks) => <WebhooksTable organizerId={organizer.id} hooks={hooks} />}
    </SecretListSection>
  );
}
