/** Finding reservations by an answer: the text it contains, and (once an event is chosen) which question. */
import { useTranslation } from 'react-i18next';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useEventQuestions } from '@/lib/event-questions';
import type { AdminReservationFilters } from '../api/get-admin-reservations';

interface AnswerFilterProps {
  value: AdminReservationFilters;
  onChange: (next: AdminReservationFilters) => void;
}

export function AnswerFilter({ value, onChange }: AnswerFilterProps) {
  const { t } = useTranslation('admin-questions');
  const questions = useEventQuestions(value.eventId, value.eventId !== '').data ?? [];
  return (
    <>
      {value.eventId !== '' && questions.length > 0 && (
        <TextField
          select
          label={t('filter.question')}
          value={questions.some((q) => q.id === value.questionId) ? value.questionId : ''}
          onChange={(event) => onChange({ ...value, questionId: event.target.value })}
          sx={{ minWidth: { md: 180 } }}
        >
          <MenuItem value="">{t('filter.anyQuestion')}</MenuItem>
          {questions.map((q) => (
            <MenuItem key={q.id} value={q.id}>
              {q.label}
            </MenuItem>
          ))}
        </TextField>
      )}
      <TextField
        label={t('filter.answer')}
        type="search"
        value={value.answer}
        onChange={(event) => onChange({ ...value, answer: event.target.value })}
        sx={{ minWidth: { md: 160 } }}
        slotProps={{ htmlInput: { maxLength: 200 } }}
      />
    </>
  );
}
