import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import { ASSISTED_PAYMENT_METHODS, type Reservation } from '@iatichet/contracts';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { formatMoney } from '@/lib/format-money';
import { paymentMethodLabel } from '@/lib/reservation-labels';
import { useMarkReservationPaid } from '../api/mark-reservation-paid';
import { ActionDialog } from './action-dialog';

type Method = (typeof ASSISTED_PAYMENT_METHODS)[number];

interface MarkPaidDialogProps {
  reservation: Reservation;
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** "Assist with payments": the buyer paid at the desk or by transfer, and the tickets become valid. */
export function MarkPaidDialog({ reservation, open, onClose, onDone }: MarkPaidDialogProps) {
  const { t } = useTranslation('admin-reservations');
  const markPaid = useMarkReservationPaid();
  const [method, setMethod] = useState<Method>('cash');
  const [note, setNote] = useState('');
  const close = () => {
    markPaid.reset();
    onClose();
  };
  return (
    <ActionDialog
      open={open}
      title={t('markPaid.title', { code: reservation.code })}
      description={t('markPaid.text', { amount: formatMoney(reservation.totalCents, reservation.currency) })}
      confirmLabel={t('markPaid.confirm')}
      pending={markPaid.isPending}
      errorText={markPaid.isError ? errorMessageWithDetail(markPaid.error) : null}
      onClose={close}
      onConfirm={() =>
        markPaid.mutate(
          { id: reservation.id, body: { method, ...(note.trim() === '' ? {} : { note: note.trim() }) } },
          {
            onSuccess: () => {
              markPaid.reset();
              onDone(t('markPaid.done', { code: reservation.code, method: paymentMethodLabel(method) }));
            },
          },
        )
      }
    >
      <FormControl>
        <FormLabel id="mark-paid-method">{t('markPaid.method')}</FormLabel>
        <RadioGroup
          row
          aria-labelledby="mark-paid-method"
          value={method}
          onChange={(event) => setMethod(event.target.value as Method)}
        >
          {ASSISTED_PAYMENT_METHODS.map((value) => (
            <FormControlLabel key={value} value={value} control={<Radio />} label={paymentMethodLabel(value)} />
          ))}
        </RadioGroup>
      </FormControl>
      <TextField
        label={t('markPaid.note')}
        placeholder={t('markPaid.notePlaceholder')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        multiline
        minRows={2}
        slotProps={{ htmlInput: { maxLength: 2000 } }}
      />
    </ActionDialog>
  );
}
