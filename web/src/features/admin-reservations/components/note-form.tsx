import { useTranslation } from 'react-i18next';
import { useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import type { Reservation } from '@iatichet/contracts';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { useUpdateAdminReservation } from '../api/update-admin-reservation';

const MAX_NOTE = 2000;

/** The organiser's note on a reservation: seen by admins only. */
export function NoteForm({ reservation, onSaved }: { reservation: Reservation; onSaved: (message: string) => void }) {
  const { t } = useTranslation('admin-reservations');
  const update = useUpdateAdminReservation();
  const saved = reservation.note ?? '';
  const [note, setNote] = useState(saved);
  const changed = note !== saved;

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!changed) return;
    update.mutate({ id: reservation.id, patch: { note } }, { onSuccess: () => onSaved(t('note.saved')) });
  }

  return (
    <form noValidate onSubmit={handleSubmit} aria-label={t('note.title')}>
      <TextField
        label={t('note.label')}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        multiline
        minRows={3}
        fullWidth
        helperText={t('note.help', { length: note.length, max: MAX_NOTE })}
        slotProps={{ htmlInput: { maxLength: MAX_NOTE } }}
      />
      {update.isError && (
        <Alert severity="error" role="alert" sx={{ mt: 2 }}>
          {errorMessageWithDetail(update.error)}
        </Alert>
      )}
      <Box sx={{ mt: 2, display: 'flex', justifyContent: 'flex-end' }}>
        <Button type="submit" variant="outlined" loading={update.isPending} disabled={!changed}>
          {t('note.save')}
        </Button>
      </Box>
    </form>
  );
}
