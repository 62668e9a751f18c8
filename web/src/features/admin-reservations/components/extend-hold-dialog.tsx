import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { eventTimeZone } from '@/lib/format-event-time';
import { useState } from 'react';
import TextField from '@mui/material/TextField';
import type { Reservation } from '@iatichet/contracts';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { formatDateTime } from '@/lib/format-date';
import { fromDateTimeLocal, toDateTimeLocal } from '@/lib/format-event-time';
import { useUpdateAdminReservation } from '../api/update-admin-reservation';
import { ActionDialog } from './action-dialog';

/** The server allows a hold to run at most this far ahead. */
const MAX_AHEAD_MS = 7 * 24 * 3600 * 1000;
const DAY_MS = 24 * 3600 * 1000;

interface ExtendHoldDialogProps {
  reservation: Reservation;
  open: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}

/** The problem with a new end for the hold, or null when it may be sent. */
function untilError(iso: string | null, now: number): string | null {
  if (iso === null) return i18next.t('admin-reservations:extend.required');
  const at = Date.parse(iso);
  if (at <= now) return i18next.t('admin-reservations:extend.future');
  if (at > now + MAX_AHEAD_MS) return i18next.t('admin-reservations:extend.tooFar');
  return null;
}

/** Gives a pending reservation more time to pay (a buyer paying by bank transfer, say). */
export function ExtendHoldDialog({ reservation, open, onClose, onDone }: ExtendHoldDialogProps) {
  const { t } = useTranslation('admin-reservations');
  const update = useUpdateAdminReservation();
  // Typed at the event's clock, as the hold's end is shown (formatDateTime below), not the browser's.
  const zone = eventTimeZone(reservation.event);
  const [value, setValue] = useState(() =>
    toDateTimeLocal(new Date(Math.max(Date.now(), Date.parse(reservation.expiresAt)) + DAY_MS).toISOString(), zone),
  );
  const [checked, setChecked] = useState(false);
  const iso = fromDateTimeLocal(value, zone);
  const problem = untilError(iso, Date.now());
  const close = () => {
    update.reset();
    setChecked(false);
    onClose();
  };
  return (
    <ActionDialog
      open={open}
      title={t('extend.title')}
      description={t('extend.text', {
        code: reservation.code,
        time: formatDateTime(reservation.expiresAt, eventTimeZone(reservation.event)),
      })}
      confirmLabel={t('extend.confirm')}
      pending={update.isPending}
      errorText={update.isError ? errorMessageWithDetail(update.error) : null}
      onClose={close}
      onConfirm={() => {
        setChecked(true);
        if (problem !== null || iso === null) return;
        update.mutate(
          { id: reservation.id, patch: { expiresAt: iso } },
          {
            onSuccess: (updated) => {
              setChecked(false);
              update.reset();
              onDone(t('extend.done', { time: formatDateTime(updated.expiresAt, eventTimeZone(updated.event)) }));
            },
          },
        );
      }}
    >
      <TextField
        type="datetime-local"
        label={t('extend.until')}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        error={checked && problem !== null}
        helperText={checked && problem !== null ? problem : t('extend.help')}
        slotProps={{ inputLabel: { shrink: true } }}
        required
      />
    </ActionDialog>
  );
}
