import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import type { Reservation } from '@iatichet/contracts';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { formatMoney } from '@/lib/format-money';
import { useCancelAdminReservation } from '../api/cancel-admin-reservation';
import { ActionDialog } from './action-dialog';

interface AdminCancelDialogProps {
  reservation: Reservation;
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** Cancels for the organiser; a paid reservation is refunded unless the admin says otherwise. */
export function AdminCancelDialog({ reservation, open, onClose, onDone }: AdminCancelDialogProps) {
  const { t } = useTranslation('admin-reservations');
  const cancel = useCancelAdminReservation();
  const paid = reservation.status === 'paid';
  const [refund, setRefund] = useState(true);
  const total = formatMoney(reservation.totalCents, reservation.currency);
  const close = () => {
    cancel.reset();
    onClose();
  };
  return (
    <ActionDialog
      open={open}
      title={t('cancel.title', { code: reservation.code })}
      description={paid ? (refund ? t('cancel.paidRefund', { total }) : t('cancel.paidNoRefund')) : t('cancel.pending')}
      confirmLabel={paid && refund ? t('cancel.confirmRefund') : t('cancel.confirm')}
      tone="error"
      pending={cancel.isPending}
      errorText={cancel.isError ? errorMessageWithDetail(cancel.error) : null}
      onClose={close}
      onConfirm={() =>
        cancel.mutate(
          { id: reservation.id, refund: paid && refund },
          {
            onSuccess: (cancelled) => {
              cancel.reset();
              onDone(
                cancelled.status === 'refunded'
                  ? `${reservation.code} cancelled and refunded.`
                  : cancelled.status === 'refund_pending'
                    ? `${reservation.code} cancelled. The payment provider did not confirm the refund yet; it is retried automatically (status: refund pending).`
                    : `${reservation.code} cancelled.`,
              );
            },
          },
        )
      }
    >
      {paid && (
        <FormControlLabel
          control={<Checkbox checked={refund} onChange={(event) => setRefund(event.target.checked)} />}
          label={t('cancel.refundLabel', { total })}
        />
      )}
    </ActionDialog>
  );
}
