/**
 * The organizer's team: who is in it and with which role, an invitation by email (an account is
 * made for a new address, and a mail goes out), role changes and removal. The server refuses to
 * leave an organizer without an owner (409); that answer is said in words here.
 */
import { useTranslation } from 'react-i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { formText, useFormErrors } from '@/components/forms/use-form-errors';
import { QueryState } from '@/components/page-state';
import { formatDate } from '@/lib/format-date';
import {
  MEMBER_ROLES,
  useChangeMemberRole,
  useInviteMember,
  useMembers,
  useRemoveMember,
  type Member,
  type MemberRole,
} from '../api/members';
import { teamErrorText } from '../utils/team-errors';
import { useOrganizer } from './organizer-layout';
import { ConfirmRemoval, FormCard, HIDE_ON_PHONE, SectionTable, useFormAttempt } from './section-parts';

function RoleSelect(props: {
  label: string;
  value: MemberRole;
  name?: string;
  onChange?: (role: MemberRole) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('admin-organizers');
  return (
    <TextField
      select
      size="small"
      name={props.name}
      label={props.label}
      value={props.onChange === undefined ? undefined : props.value}
      defaultValue={props.onChange === undefined ? props.value : undefined}
      onChange={(event) => props.onChange?.(event.target.value as MemberRole)}
      disabled={props.disabled}
      slotProps={{ select: { native: true }, htmlInput: { style: { minHeight: 28 } } }}
      sx={{ minWidth: 160 }}
    >
      {MEMBER_ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`roles.${role}`)}
        </option>
      ))}
    </TextField>
  );
}

function InviteForm({ organizerId }: { organizerId: string }) {
  const { t } = useTranslation('admin-organizers');
  const invite = useInviteMember(organizerId);
  const { errors, startAttempt, markEdited } = useFormErrors(invite.error);
  const { formRef, failed } = useFormAttempt();
  const [notice, setNotice] = useState<string | null>(null);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = formText(data, 'email').trim();
    const role = formText(data, 'role') as MemberRole;
    const found: Record<string, string> = {};
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) found.email = t('members.emailInvalid');
    startAttempt(found);
    setNotice(null);
    if (Object.keys(found).length > 0) return failed();
    invite.mutate(
      { email, role },
      {
        onSuccess: () => {
          setNotice(t('members.invited', { email }));
          form.reset();
        },
        onError: failed,
      },
    );
  };

  return (
    <FormCard title={t('members.inviteTitle')} formRef={formRef} onSubmit={submit} onEdit={markEdited}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'flex-start' } }}>
        <TextField
          name="email"
          type="email"
          label={t('members.email')}
          autoComplete="off"
          error={errors.email !== undefined}
          helperText={errors.email}
          sx={{ flex: 1 }}
        />
        <RoleSelect name="role" label={t('members.role')} value="manager" />
        <Button type="submit" variant="contained" loading={invite.isPending} sx={{ minHeight: 44 }}>
          {t('members.invite')}
        </Button>
      </Stack>
      <Box sx={{ mt: 2 }}>
        {invite.isError && errors.email === undefined && (
          <Alert severity="error" role="alert" tabIndex={-1}>
            {teamErrorText(invite.error, 'invite')}
          </Alert>
        )}
        {notice !== null && (
          <Alert severity="success" role="status">
            {notice}
          </Alert>
        )}
      </Box>
    </FormCard>
  );
}

function MembersTable({ organizerId, members }: { organizerId: string; members: readonly Member[] }) {
  const { t } = useTranslation('admin-organizers');
  const changeRole = useChangeMemberRole(organizerId);
  const remove = useRemoveMember(organizerId);
  const [removing, setRemoving] = useState<Member | null>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [problem, setProblem] = useState<string | null>(null);

  return (
    <>
      {problem !== null && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }} onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}
      <SectionTable
        tableRef={tableRef}
        label={t('members.table')}
        head={[
          t('members.person'),
          t('members.role'),
          [t('members.since'), { hideOnPhone: true }],
          [t('members.actions'), { align: 'right' }],
        ]}
      >
        {members.map((member) => (
          <TableRow key={member.user.id}>
            <TableCell>
              <Typography sx={{ fontWeight: 600 }}>{member.user.name}</Typography>
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {member.user.email}
              </Typography>
            </TableCell>
            <TableCell>
              <RoleSelect
                label={t('members.roleOf', { name: member.user.name })}
                value={member.role}
                disabled={changeRole.isPending}
                onChange={(role) => {
                  setProblem(null);
                  changeRole.mutate(
                    { userId: member.user.id, role },
                    { onError: (error) => setProblem(teamErrorText(error, 'change')) },
                  );
                }}
              />
            </TableCell>
            <TableCell sx={HIDE_ON_PHONE}>{formatDate(member.createdAt)}</TableCell>
            <TableCell align="right">
              <Button color="error" onClick={() => setRemoving(member)} sx={{ minHeight: 44 }}>
                {t('members.remove')}
                <Box component="span" sx={visuallyHidden}>
                  {` ${member.user.name}`}
                </Box>
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </SectionTable>
      <ConfirmRemoval
        focusAfter={tableRef}
        item={removing}
        idOf={(member) => member.user.id}
        title={t('members.removeTitle')}
        description={(member) => t('members.removeText', { name: member.user.name, email: member.user.email })}
        confirmLabel={t('members.remove')}
        mutation={remove}
        errorText={(error) => teamErrorText(error, 'change')}
        onDone={() => setRemoving(null)}
      />
    </>
  );
}

export function MembersPage() {
  const { t } = useTranslation('admin-organizers');
  const organizer = useOrganizer();
  const query = useMembers(organizer.id);
  return (
    <>
      <InviteForm organizerId={organizer.id} />
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {t('members.title')}
      </Typography>
      <QueryState query={query} errorTitle={t('members.loadFailed')}>
        {(members) => <MembersTable organizerId={organizer.id} members={members} />}
      </QueryState>
    </>
  );
}
