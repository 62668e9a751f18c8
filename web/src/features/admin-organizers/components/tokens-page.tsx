/**
 * API tokens of the organizer: create one with scopes (its secret is shown once, with a copy
 * button), see when each was last used, revoke one after a confirmation.
 */
import { useTranslation } from 'react-i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import KeyRoundedIcon from '@mui/icons-material/KeyRounded';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { formText, useFormErrors } from '@/components/forms/use-form-errors';
import { errorMessage } from '@/lib/error-messages';
import { formatDateTime } from '@/lib/format-date';
import { TOKEN_SCOPES, useCreateToken, useRevokeToken, useTokens, type ApiToken, type TokenScope } from '../api/tokens';
import { ChoiceCheckboxes } from './choice-checkboxes';
import { useOrganizer } from './organizer-layout';
import { SecretListSection } from './secret-list-section';
import { ConfirmRemoval, FormCard, SectionTable, useFormAttempt } from './section-parts';

function CreateTokenForm({ organizerId, onCreated }: { organizerId: string; onCreated: (token: string) => void }) {
  const { t } = useTranslation('admin-organizers');
  const create = useCreateToken(organizerId);
  const { errors, startAttempt, markEdited } = useFormErrors(create.error);
  const { formRef, failed } = useFormAttempt();

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
    if (Object.keys(found).length > 0) return failed();
    create.mutate(
      { name, scopes },
      {
        onSuccess: (created) => {
          form.reset();
          onCreated(created.token);
        },
        onError: failed,
      },
    );
  };

  return (
    <FormCard title={t('tokens.createTitle')} formRef={formRef} onSubmit={submit} onEdit={markEdited}>
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
    </FormCard>
  );
}

function TokensTable({ organizerId, tokens }: { organizerId: string; tokens: readonly ApiToken[] }) {
  const { t } = useTranslation('admin-organizers');
  const revoke = useRevokeToken(organizerId);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  return (
    <>
      <SectionTable
        tableRef={tableRef}
        label={t('tokens.table')}
        head={[t('tokens.name'), t('tokens.scopes'), t('tokens.lastUsed'), [t('members.actions'), { align: 'right' }]]}
      >
        {tokens.map((token) => (
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
              {token.revokedAt !== undefined && token.revokedAt !== null ? (
                <Chip label={t('tokens.revoked')} />
              ) : (
                <Button color="error" onClick={() => setRevoking(token)} sx={{ minHeight: 44 }}>
                  {t('tokens.revoke')}
                  <Box component="span" sx={visuallyHidden}>{` ${token.name}`}</Box>
                </Button>
              )}
            </TableCell>
          </TableRow>
        ))}
      </SectionTable>
      <ConfirmRemoval
        focusAfter={tableRef}
        item={revoking}
        idOf={(token) => token.id}
        title={t('tokens.revokeTitle')}
        description={(token) => t('tokens.revokeText', { name: token.name })}
        confirmLabel={t('tokens.revoke')}
        mutation={revoke}
        errorText={errorMessage}
        onDone={() => setRevoking(null)}
      />
    </>
  );
}

export function TokensPage() {
  const { t } = useTranslation('admin-organizers');
  const organizer = useOrganizer();
  return (
    <SecretListSection
      query={useTokens(organizer.id)}
      words={{
        title: t('tokens.title'),
        loadFailed: t('tokens.loadFailed'),
        empty: t('tokens.empty'),
        emptyText: t('tokens.emptyText'),
        createdTitle: t('tokens.createdTitle'),
        secretLabel: t('tokens.secretLabel'),
      }}
      emptyIcon={<KeyRoundedIcon />}
      form={(onCreated) => <CreateTokenForm organizerId={organizer.id} onCreated={onCreated} />}
    >
      {(tokens) => <TokensTable organizerId={organizer.id} tokens={tokens} />}
    </SecretListSection>
  );
}
