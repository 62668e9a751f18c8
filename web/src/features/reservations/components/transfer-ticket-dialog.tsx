/**
 * Giving one ticket to someone else: their email, then a confirmation that says what cannot be
 * undone (the current codes stop working at once), then the result. Three steps in one dialog, so
 * a mistyped address is seen before anything happens.
 */
import { useTranslation } from 'react-i18next';
import { useId, useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import DialogContentText from '@mui/material/DialogContentText';
import TextField from '@mui/material/TextField';
import type { TicketTransferResult } from '@iatichet/contracts';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { useTransferTicket, type TicketRef } from '../api/ticket-transfers';
import { FormDialog } from './form-dialog';

/** Enough to catch a slip ("name@", "name.example.com"); the server checks the rest. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface TransferTicketDialogProps {
  ticket: TicketRef & { typeName: string; eventTitle: string };
  onClose: () => void;
}

type Step = { at: 'form' } | { at: 'confirm'; email: string } | { at: 'done'; result: TicketTransferResult };

export function TransferTicketDialog({ ticket, onClose }: TransferTicketDialogProps) {
  const { t } = useTranslation('transfers');
  const transfer = useTransferTicket();
  const [step, setStep] = useState<Step>({ at: 'form' });
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const textId = useId();

  function close() {
    transfer.reset();
    setStep({ at: 'form' });
    setProblem(null);
    onClose();
  }

  function next(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const clean = email.trim();
    if (clean === '') return setProblem(t('transfer.emailRequired'));
    if (!EMAIL.test(clean)) return setProblem(t('transfer.emailInvalid'));
    setProblem(null);
    setStep({ at: 'confirm', email: clean });
  }

  function confirm(to: string) {
    transfer.mutate(
      { reservationId: ticket.reservationId, ticketId: ticket.ticketId, email: to },
      { onSuccess: (result) => setStep({ at: 'done', result }) },
    );
  }

  const error =
    transfer.error === null ? null : (
      <Alert severity="error" role="alert" sx={{ mt: 2 }}>
        {errorMessageWithDetail(transfer.error)}
      </Alert>
    );
  let title: string;
  let body;
  let buttons;
  if (step.at === 'form') {
    title = t('transfer.title');
    body = (
      <>
        <DialogContentText id={textId} sx={{ mb: 2 }}>
          {t('transfer.text', { type: ticket.typeName, event: ticket.eventTitle })}
        </DialogContentText>
        <TextField
          label={t('transfer.emailLabel')}
          name="email"
          type="email"
          value={email}
          onChange={(e) => {
            setEmail(e.target.value);
            setProblem(null);
          }}
          error={problem !== null}
          helperText={problem ?? ' '}
          slotProps={{ htmlInput: { maxLength: 254, autoComplete: 'off', inputMode: 'email' } }}
          autoFocus
          fullWidth
          required
        />
      </>
    );
    buttons = (
      <>
        <Button onClick={close}>{t('common:actions.cancel')}</Button>
        <Button type="submit" variant="contained">
          {t('transfer.next')}
        </Button>
      </>
    );
  } else if (step.at === 'confirm') {
    title = t('transfer.confirmTitle', { email: step.email });
    body = (
      <>
        <DialogContentText id={textId}>{t('transfer.confirmText', { email: step.email })}</DialogContentText>
        {error}
      </>
    );
    buttons = (
      <>
        <Button onClick={() => setStep({ at: 'form' })} disabled={transfer.isPending} autoFocus>
          {t('transfer.back')}
        </Button>
        <Button variant="contained" color="error" loading={transfer.isPending} onClick={() => confirm(step.email)}>
          {t('transfer.confirm')}
        </Button>
      </>
    );
  } else {
    title = t('transfer.doneTitle');
    body = (
      <Alert id={textId} severity="success" role="status">
        {t(step.result.accountCreated ? 'transfer.doneNewAccount' : 'transfer.done', { email: step.result.email })}
      </Alert>
    );
    buttons = (
      <Button variant="contained" onClick={close} autoFocus>
        {t('transfer.close')}
      </Button>
    );
  }

  return (
    <FormDialog title={title} describedBy={textId} pending={transfer.isPending} onClose={close} onSubmit={next} actions={buttons}>
      {body}
    </FormDialog>
  );
}
