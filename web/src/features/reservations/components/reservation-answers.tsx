/**
 * The answers to the event's questions on a reservation, and their editing by the buyer until the
 * event starts (the same checks as the checkout's, the server's field errors on their fields).
 */
import { useTranslation } from 'react-i18next';
import { useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AnswerValue, Reservation } from '@iatichet/contracts';
import { AnswersList } from '@/components/questions/answers-list';
import { QuestionFields } from '@/components/questions/question-fields';
import { errorMessage } from '@/lib/error-messages';
import {
  answerErrors,
  reservationAnswerValues,
  serverAnswerErrors,
  toAnswerInputs,
  useEventQuestions,
  type AnswerValues,
} from '@/lib/event-questions';
import { useHasPassed } from '@/lib/use-has-passed';
import { useUpdateAnswers } from '../api/update-answers';

const ticketName = (reservation: Reservation, index: number) => {
  const ticket = reservation.tickets[index];
  const name = ticket?.holder?.name ?? ticket?.attendeeName;
  return `${ticket?.typeName ?? ''} ${index + 1}${name ? ` · ${name}` : ''}`;
};

export function ReservationAnswers({ reservation }: { reservation: Reservation }) {
  const { t } = useTranslation('questions');
  const started = useHasPassed(reservation.event.startsAt);
  // As the server rules: not after the start, nor once a ticket of it is checked in.
  const checkedIn = reservation.tickets.some((ticket) => ticket.checkedInAt !== null);
  const editable = !started && !checkedIn && (reservation.status === 'pending_payment' || reservation.status === 'paid');
  // Named by the reservation, the list includes the questions of the hidden types it holds.
  const questions = useEventQuestions(reservation.event.id, editable, { reservation: reservation.id }).data ?? [];
  const update = useUpdateAnswers();
  const [values, setValues] = useState<AnswerValues | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);
  const [saved, setSaved] = useState(false);
  const ticketTypeIds = reservation.tickets.map((ticket) => ticket.ticketTypeId);
  const labels = reservation.tickets.map((_, index) => ticketName(reservation, index));
  const orderAnswers = reservation.answers ?? [];
  const ticketAnswers = reservation.tickets.map((ticket) => ticket.answers ?? []);
  const any = orderAnswers.length > 0 || ticketAnswers.some((list) => list.length > 0);
  if (!any && questions.length === 0) return null;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (values === null) return;
    const found = answerErrors(questions, values, ticketTypeIds);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    update.mutate(
      { id: reservation.id, answers: toAnswerInputs(questions, values, ticketTypeIds) },
      {
        onSuccess: () => {
          setValues(null);
          setSaved(true);
        },
        onError: (caught) => {
          setErrors(serverAnswerErrors(caught));
          setAttempt((n) => n + 1);
        },
      },
    );
  };

  return (
    <Paper variant="outlined" component="section" aria-labelledby="answers-title" sx={{ mt: 4, p: { xs: 2, sm: 3 } }}>
      <Typography id="answers-title" variant="h6" component="h2" sx={{ mb: 2 }}>
        {t('answers.title')}
      </Typography>
      {saved && values === null && (
        <Alert severity="success" role="status" sx={{ mb: 2 }} onClose={() => setSaved(false)}>
          {t('answers.saved')}
        </Alert>
      )}
      {values === null ? (
        <Stack spacing={2}>
          {!any && <Typography color="text.secondary">{t('answers.none')}</Typography>}
          <AnswersList answers={orderAnswers} />
          {ticketAnswers.map((list, index) =>
            list.length === 0 ? null : (
              <Box key={reservation.tickets[index]?.id ?? index}>
                <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
                  {labels[index]}
                </Typography>
                <AnswersList answers={list} />
              </Box>
            ),
          )}
          {editable && questions.length > 0 && (
            <Box>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {t('answers.editUntil')}
              </Typography>
              <Button
                variant="outlined"
                onClick={() => {
                  setValues(reservationAnswerValues(reservation));
                  setErrors({});
                  setSaved(false);
                }}
              >
                {t('answers.edit')}
              </Button>
            </Box>
          )}
        </Stack>
      ) : (
        <Box component="form" noValidate onSubmit={submit} aria-labelledby="answers-title">
          {update.isError && Object.keys(serverAnswerErrors(update.error)).length === 0 && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {t('answers.failed')} {errorMessage(update.error)}
            </Alert>
          )}
          <QuestionFields
            questions={questions}
            ticketTypeIds={ticketTypeIds}
            ticketLabels={labels}
            values={values}
            errors={errors}
            attempt={attempt}
            disabled={update.isPending}
            idPrefix="edit-answer"
            onChange={(place: string, value: AnswerValue) => {
              setValues({ ...values, [place]: value });
              const { [place]: _gone, ...rest } = errors;
              setErrors(rest);
            }}
          />
          <Stack direction="row" spacing={2} sx={{ mt: 3 }}>
            <Button type="submit" variant="contained" loading={update.isPending}>
              {t('answers.save')}
            </Button>
            <Button onClick={() => setValues(null)} disabled={update.isPending}>
              {t('answers.cancel')}
            </Button>
          </Stack>
        </Box>
      )}
    </Paper>
  );
}
