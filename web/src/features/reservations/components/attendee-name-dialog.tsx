/** The holder's dialog to change the name on one ticket (until the event starts). */
import { useTranslation } from 'react-i18next';
import { useId, useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogContentText from '@mui/material/DialogContentText';
import TextField from '@mui/material/TextField';
import { TICKET_NAME_LIMITS } from '@iatichet/contracts';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { useRenameAttendee, type TicketRef } from '../api/ticket-transfers';
import { FormDialog } from './form-dialog';

interface AttendeeNameDialogProps {
  ticket: TicketRef & { attendeeName: string | null };
  onClose: () => void;
  onSaved: (name: string) => void;
}

export function AttendeeNameDialog({ ticket, onClose, onSaved }: AttendeeNameDialogProps) {
  const { t } = useTranslation('transfers');
  const rename = useRenameAttendee();
  const [name, setName] = useState(ticket.attendeeName ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const textId = useId();

  function close() {
    rename.reset();
    setProblem(null);
    onClose();
  }

  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const clean = name.trim().replace(/\s+/g, ' ');
    if (clean === '') return setProblem(t('rename.required'));
    if (clean.length > TICKET_NAME_LIMITS.maxLength)
      return setProblem(t('rename.tooLong', { max: TICKET_NAME_LIMITS.maxLength }));
    setProblem(null);
    rename.mutate(
      { reservationId: ticket.reservationId, ticketId: ticket.ticketId, attendeeName: clean },
      {
        onSuccess: () => {
          rename.reset();
          onSaved(clean);
        },
      },
    );
  }

  return (
    <FormDialog
      title={t('rename.title')}
      describedBy={textId}
      pending={rename.isPending}
      onClose={close}
      onSubmit={submit}
      actions={
        <>
          <Button onClick={close} disabled={rename.isPending}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" variant="contained" loading={rename.isPending}>
            {t('rename.save')}
          </Button>
        </>
      }
    >
      <DialogContentText id={textId} sx={{ mb: 2 }}>
        {t('rename.text')}
      </DialogContentText>
      {rename.error !== null && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {errorMessageWithDetail(rename.error)}
        </Alert>
      )}
      <TextField
        label={t('rename.label')}
        name="attendeeName"
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setProblem(null);
        }}
        error={problem !== null}
        helperText={problem ?? ' '}
        slotProps={{ htmlInput: { maxLength: TICKET_NAME_LIMITS.maxLength, autoComplete: 'name' } }}
        autoFocus
        fullWidth
        required
      />
    </FormDialog>
  );
}
