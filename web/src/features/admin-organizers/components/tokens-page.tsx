/**
 * API tokens of the organizer: create one with scopes (its secret is shown once, with a copy
 * button), see when each was last used, revoke one after a confirmation.
 */
import { useTranslation } from 'react-i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import KeyRoundedIcon from '@mui/icons-material/KeyRounded';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { EmptyState, QueryState } from '@/components/page-state';
import { errorMessage } from '@/lib/error-messages';
import { formatDateTime } from '@/lib/format-date';
import { TOKEN_SCOPES, useCreateToken, useRevokeToken, useTokens, type ApiToken, type TokenScope } from '../api/tokens';
import { ChoiceCheckboxes } from './choice-checkboxes';
import { useOrganizer } from './organizer-layout';
import { SecretOnceDialog } from './secret-once-dialog';

function CreateTokenForm({ organizerId, onCreated }: { organizerId: string; onCreated: (token: string) => void }) {
  const { t } = useTranslation('admin-organizers');
  const create = useCreateToken(organizerId);
  const { errors, startAttempt, markEdited } = useFormErrors(create.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempt, setAttempt] = useState(0);
  useFocusFirstInvalid(formRef, attempt);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = formText(data, 'name').trim();
    const scopes = data.getAll('scopes').filter((s): s is TokenScope => (TOKEN_SCOPES as readonly unknown[]).includes(s));
    const found: Record<string, string> = {};
    if (name === '') found.name = t('tokens.nameRequired');
    if (scopes.length === 0) found.scopes = t('tokens.scopesRequired');
    startAttempt(found);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    create.mutate(
      { name, scopes },
      {
        onSuccess: (created) => {
          form.reset();
          onCreated(created.token);
        },
        onError: () => setAttempt((n) => n + 1),
      },
    );
  };

  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mb: 4, borderRadius: 3 }}>
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {t('tokens.createTitle')}
      </Typography>
      <Box
        component="form"
        ref={formRef}
        noValidate
        aria-label={t('tokens.createTitle')}
        onSubmit={submit}
        onInput={(event) => markEdited(fieldNameOf(event.target))}
        onChange={(event) => markEdited(fieldNameOf(event.target))}
      >
        <Stack spacing={2}>
          <TextField
            name="name"
            label={t('tokens.name')}
            helperText={errors.name ?? t('tokens.nameHelp')}
            error={errors.name !== undefined}
            sx={{ maxWidth: 480 }}
          />
          <ChoiceCheckboxes
            name="scopes"
            legend={t('tokens.scopes')}
            choices={TOKEN_SCOPES}
            labelOf={(scope) => t(`scopes.${scope.replace(':', '_')}`)}
            error={errors.scopes}
          />
          <FormErrorAlert error={create.error} fieldNames={['name', 'scopes']} />
          <Box>
            <Button type="submit" variant="contained" loading={create.isPending} sx={{ minHeight: 44 }}>
              {t('tokens.create')}
            </Button>
          </Box>
        </Stack>
      </Box>
    </Paper>
  );
}

function TokensTable({ organizerId, tokens }: { organizerId: string; tokens: readonly ApiToken[] }) {
  const { t } = useTranslation('admin-organizers');
  const revoke = useRevokeToken(organizerId);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  return (
    <>
      <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
        <Table aria-label={t('tokens.table')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('tokens.name')}</TableCell>
              <TableCell>{t('tokens.scopes')}</TableCell>
              <TableCell>{t('tokens.lastUsed')}</TableCell>
              <TableCell align="right">{t('members.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {tokens.map((token) => {
              const revoked = token.revokedAt !== undefined && token.revokedAt !== null;
              return (
                <TableRow key={token.id}>
                  <TableCell sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>{token.name}</TableCell>
                  <TableCell>
                    <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
                      {token.scopes.map((scope) => (
                        <Chip key={scope} size="small" label={scope} />
                      ))}
                    </Stack>
                  </TableCell>
                  <TableCell>
                    {token.lastUsedAt === undefined || token.lastUsedAt === null
                      ? t('tokens.neverUsed')
                      : formatDateTime(token.lastUsedAt)}
                  </TableCell>
                  <TableCell align="right">
                    {revoked ? (
                      <Chip label={t('tokens.revoked')} />
                    ) : (
                      <Button color="error" onClick={() => setRevoking(token)} sx={{ minHeight: 44 }}>
                        {t('tokens.revoke')}
                        <Box component="span" sx={visuallyHidden}>{` ${token.name}`}</Box>
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <ConfirmDialog
        open={revoking !== null}
        title={t('tokens.revokeTitle')}
        description={t('tokens.revokeText', { name: revoking?.name ?? '' })}
        confirmLabel={t('tokens.revoke')}
        tone="error"
        pending={revoke.isPending}
        errorText={revoke.isError ? errorMessage(revoke.error) : null}
        onClose={() => {
          revoke.reset();
          setRevoking(null);
        }}
        onConfirm={() => {
          if (revoking !== null) revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) });
        }}
      />
    </>
  );
}

export function TokensPage() {
  const { t } = useTranslation('admin-organizers');
  const organizer = useOrganizer();
  const query = useTokens(organizer.id);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      <CreateTokenForm organizerId={organizer.id} onCreated={setSecret} />
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {t('tokens.title')}
      </Typography>
      <QueryState
        query={query}
        errorTitle={t('tokens.loadFailed')}
        isEmpty={(tokens) => tokens.length === 0}
        empty={<EmptyState icon={<KeyRoundedIcon />} title={t('tokens.empty')} description={t('tokens.emptyText')} />}
      >
        {(tokens) => <TokensTable organizerId={organizer.id} tokens={tokens} />}
      </QueryState>
      <SecretOnceDialog
        secret={secret}
        title={t('tokens.createdTitle')}
        label={t('tokens.secretLabel')}
        onClose={() => setSecret(null)}
      />
    </>
  );
}
