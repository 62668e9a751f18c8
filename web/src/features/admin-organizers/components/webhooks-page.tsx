/**
 * Webhooks of the organizer: add one (a URL and the event types it wants; its signing secret is
 * shown once), switch one off and on, delete one, and open its delivery log.
 */
import { useTranslation } from 'react-i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import WebhookRoundedIcon from '@mui/icons-material/WebhookRounded';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { EmptyState, QueryState } from '@/components/page-state';
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
import { SecretOnceDialog } from './secret-once-dialog';

function CreateWebhookForm({ organizerId, onCreated }: { organizerId: string; onCreated: (secret: string) => void }) {
  const { t } = useTranslation('admin-organizers');
  const create = useCreateWebhook(organizerId);
  const { errors, startAttempt, markEdited } = useFormErrors(create.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);

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
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    create.mutate(
      { url, events },
      {
        onSuccess: (created) => {
          form.reset();
          onCreated(created.secret);
        },
        onError: () => setAttempt((n) => n + 1),
      },
    );
  };

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mb: 4, borderRadius: 3 }}>
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {t('webhooks.createTitle')}
      </Typography>
      <Box
        component="form"
        ref={formRef}
        noValidate
        aria-label={t('webhooks.createTitle')}
        onSubmit={submit}
        onInput={(event) => markEdited(fieldNameOf(event.target))}
        onChange={(event) => markEdited(fieldNameOf(event.target))}
      >
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
            labelOf={(type) => type}
            error={errors.events}
          />
          <FormErrorAlert error={create.error} fieldNames={['url', 'events']} />
          <Box>
            <Button type="submit" variant="contained" loading={create.isPending} sx={{ minHeight: 44 }}>
              {t('webhooks.create')}
            </Button>
          </Box>
        </Stack>
      </Box>
    </Paper>
  );
}

function WebhooksTable({ organizerId, hooks }: { organizerId: string; hooks: readonly Webhook[] }) {
  const { t } = useTranslation('admin-organizers');
  const setEnabled = useSetWebhookEnabled(organizerId);
  const remove = useDeleteWebhook(organizerId);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  return (
    <>
      {setEnabled.isError && (
        <Typography role="alert" color="error" sx={{ mb: 2 }}>
          {errorMessage(setEnabled.error)}
        </Typography>
      )}
      <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
        <Table aria-label={t('webhooks.table')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('webhooks.url')}</TableCell>
              <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{t('webhooks.events')}</TableCell>
              <TableCell>{t('webhooks.enabled')}</TableCell>
              <TableCell align="right">{t('members.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {hooks.map((hook) => (
              <TableRow key={hook.id}>
                <TableCell sx={{ overflowWrap: 'anywhere', fontFamily: 'monospace' }}>{hook.url}</TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{hook.events.join(', ')}</TableCell>
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
          </TableBody>
        </Table>
      </TableContainer>
      <ConfirmDialog
        open={deleting !== null}
        title={t('webhooks.deleteTitle')}
        description={t('webhooks.deleteText', { url: deleting?.url ?? '' })}
        confirmLabel={t('webhooks.delete')}
        tone="error"
        pending={remove.isPending}
        errorText={remove.isError ? errorMessage(remove.error) : null}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() => {
          if (deleting !== null) remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) });
        }}
      />
    </>
  );
}

export function WebhooksPage() {
  const { t } = useTranslation('admin-organizers');
  const organizer = useOrganizer();
  const query = useWebhooks(organizer.id);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <CreateWebhookForm organizerId={organizer.id} onCreated={setSecret} />
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {t('webhooks.title')}
      </Typography>
      <QueryState
        query={query}
        errorTitle={t('webhooks.loadFailed')}
        isEmpty={(hooks) => hooks.length === 0}
        empty={<EmptyState icon={<WebhookRoundedIcon />} title={t('webhooks.empty')} description={t('webhooks.emptyText')} />}
      >
        {(hooks) => <WebhooksTable organizerId={organizer.id} hooks={hooks} />}
      </QueryState>
      <SecretOnceDialog
        secret={secret}
        title={t('webhooks.createdTitle')}
        label={t('webhooks.secretLabel')}
        onClose={() => setSecret(null)}
      />
    </>
  );
}
