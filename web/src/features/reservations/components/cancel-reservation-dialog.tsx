import { useTranslation } from 'react-i18next';
import type { Reservation } from '@iatichet/contracts';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { formatMoney } from '@/lib/format-money';
import { useCancelReservation } from '../api/cancel-reservation';

interface CancelReservationDialogProps {
  /** The reservation to cancel; null keeps the dialog closed. */
  reservation: Reservation | null;
  onClose: () => void;
  onDone: (cancelled: Reservation) => void;
}

/** "Are you sure?" before cancelling; for a paid reservation it says the money comes back. */
export function CancelReservationDialog({ reservation, onClose, onDone }: CancelReservationDialogProps) {
  const { t } = useTranslation('reservations');
  const cancel = useCancelReservation();
  const paid = reservation?.status === 'paid';
  const count = reservation?.tickets.length ?? 0;

  function close() {
    cancel.reset();
    onClose();
  }

  return (
    <ConfirmDialog
      open={reservation !== null}
      title={paid ? t('cancel.titlePaid') : t('cancel.titlePending')}
      description={
        reservation === null
          ? ''
          : paid
            ? t('cancel.textPaid', {
                count,
                event: reservation.event.title,
                amount: formatMoney(reservation.totalCents, reservation.currency),
              })
            : t('cancel.textPending', { count, event: reservation.event.title })
      }
      confirmLabel={paid ? t('cancel.confirmPaid') : t('cancel.confirmPending')}
      cancelLabel={t('cancel.keep')}
      tone="error"
      pending={cancel.isPending}
      errorText={cancel.error === null ? null : errorMessageWithDetail(cancel.error)}
      onClose={close}
      onConfirm={() => {
        if (reservation === null) return;
        cancel.mutate(reservation.id, {
          onSuccess: (cancelled) => {
            cancel.reset();
            onDone(cancelled);
          },
        });
      }}
    />
  );
}
