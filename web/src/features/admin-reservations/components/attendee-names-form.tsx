import { useTranslation } from 'react-i18next';
import { useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import type { Reservation } from '@iatichet/contracts';
import { TicketsTable } from '@/components/data-display/tickets-table';
import { errorMessageWithDetail } from '@/lib/error-detail';
import { ticketSeatLabel } from '@/lib/reservation-labels';
import { useUpdateAdminReservation } from '../api/update-admin-reservation';
import { changedAttendees } from '../utils/attendee-changes';

interface AttendeeNamesFormProps {
  reservation: Reservation;
  onSaved: (message: string) => void;
}

/** The tickets with their names as fields: only the names that changed are sent. */
export function AttendeeNamesForm({ reservation, onSaved }: AttendeeNamesFormProps) {
  const { t } = useTranslation('admin-reservations');
  const update = useUpdateAdminReservation();
  const [names, setNames] = useState<Record<string, string>>(() =>
    Object.fromEntries(reservation.tickets.map((ticket) => [ticket.id, ticket.attendeeName ?? ''])),
  );
  const changes = changedAttendees(reservation.tickets, names);
  const blank = changes.some((change) => change.name.trim() === '');

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (changes.length === 0 || blank) return;
    update.mutate(
      { id: reservation.id, patch: { attendees: changes.map(({ ticketId, name }) => ({ ticketId, name: name.trim() })) } },
      { onSuccess: () => onSaved(t('names.saved', { count: changes.length })) },
    );
  }

  return (
    <form noValidate onSubmit={handleSubmit} aria-label={t('names.label')}>
      <TicketsTable
        tickets={reservation.tickets}
        renderAttendee={(ticket, index) => {
          const value = names[ticket.id] ?? '';
          const cleared = value.trim() === '' && (ticket.attendeeName ?? '') !== '';
          const seat = ticketSeatLabel(ticket.seat);
          return (
            <TextField
              size="small"
              fullWidth
              value={value}
              placeholder={t('common:tickets.noName')}
              error={cleared}
              helperText={cleared ? 'A name cannot be removed, only changed.' : undefined}
              onChange={(event) => setNames({ ...names, [ticket.id]: event.target.value })}
              slotProps={{
                htmlInput: {
                  maxLength: 120,
                  'aria-label': seat === null ? t('names.field', { n: index + 1 }) : t('names.fieldSeat', { n: index + 1, seat }),
                },
              }}
            />
          );
        }}
      />
      {update.isError && (
        <Alert severity="error" role="alert" sx={{ mt: 2 }}>
          {errorMessageWithDetail(update.error)}
        </Alert>
      )}
      <Box sx={{ mt: 2, display: 'flex', justifyContent: 'flex-end' }}>
        <Button type="submit" variant="outlined" loading={update.isPending} disabled={changes.length === 0 || blank}>
          {t('names.save')}
        </Button>
      </Box>
    </form>
  );
}
