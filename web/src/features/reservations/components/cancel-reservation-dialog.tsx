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
  const cancel = useCancelReservation();
  const paid = reservation?.status === 'paid';
  const count = reservation?.tickets.length ?? 0;
  const tickets = `${count} ${count === 1 ? 'ticket' : 'tickets'}`;

  function close() {
    cancel.reset();
    onClose();
  }

  return (
    <ConfirmDialog
      open={reservation !== null}
      title={paid ? 'Cancel and get a refund?' : 'Cancel this reservation?'}
      description={
        reservation === null
          ? ''
          : paid
            ? `Your ${tickets} for ${reservation.event.title} will no longer be valid, and ${formatMoney(reservation.totalCents, reservation.currency)} will be refunded to the card you paid with.`
            : `Your ${tickets} for ${reservation.event.title} will be released and go back on sale. Nothing has been charged.`
      }
      confirmLabel={paid ? 'Cancel and refund' : 'Cancel reservation'}
      cancelLabel="Keep reservation"
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
