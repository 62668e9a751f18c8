/** The buyer's answers to the event's questions, on the admin's reservation page: the order's, then each ticket's. */
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { AnswersList } from '@/components/questions/answers-list';

export function hasAnswers(reservation: Reservation): boolean {
  return (reservation.answers ?? []).length > 0 || reservation.tickets.some((ticket) => (ticket.answers ?? []).length > 0);
}

export function ReservationAnswers({ reservation }: { reservation: Reservation }) {
  return (
    <Stack spacing={2}>
      <AnswersList answers={reservation.answers ?? []} />
      {reservation.tickets.map((ticket, index) =>
        (ticket.answers ?? []).length === 0 ? null : (
          <div key={ticket.id}>
            <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
              {`${ticket.typeName} ${index + 1}${ticket.holder ? ` · ${ticket.holder.name}` : ''}`}
            </Typography>
            <AnswersList answers={ticket.answers ?? []} />
          </div>
        ),
      )}
    </Stack>
  );
}
