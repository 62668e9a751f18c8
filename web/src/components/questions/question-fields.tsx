/**
 * The questions step of a form: the per-order questions once, then each attendee's questions under
 * their ticket's name. Only the places a question applies to are shown (lib/event-questions.ts).
 */
import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { AnswerValue, Question } from '@iatichet/contracts';
import { askedPlaces, placeOf, type AnswerValues } from '@/lib/event-questions';
import { AnswerField } from './answer-field';

export interface QuestionFieldsProps {
  questions: readonly Question[];
  /** The type of each ticket, in the reservation's ticket order. */
  ticketTypeIds: readonly string[];
  /** What each ticket is called ("Ticket 2", "Row A seat 5"). */
  ticketLabels: readonly string[];
  values: AnswerValues;
  errors: Readonly<Record<string, string>>;
  onChange: (place: string, value: AnswerValue) => void;
  disabled?: boolean;
  /** Goes up on every refused submit: the first field with an error takes focus. */
  attempt?: number;
  /** Prefix of the input ids, unique on the page. */
  idPrefix?: string;
}

export function QuestionFields({
  questions,
  ticketTypeIds,
  ticketLabels,
  values,
  errors,
  onChange,
  disabled = false,
  attempt = 0,
  idPrefix = 'answer',
}: QuestionFieldsProps) {
  const { t } = useTranslation('questions');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);
  const places = askedPlaces(questions, ticketTypeIds);
  if (places.length === 0) return null;
  const groups: { key: string; title: string; places: typeof places }[] = [];
  const order = places.filter((p) => p.ticket === null);
  if (order.length > 0) groups.push({ key: 'order', title: t('form.order'), places: order });
  ticketTypeIds.forEach((_, ticket) => {
    const own = places.filter((p) => p.ticket === ticket);
    if (own.length > 0)
      groups.push({ key: String(ticket), title: ticketLabels[ticket] ?? t('form.ticketN', { n: ticket + 1 }), places: own });
  });

  return (
    <Box ref={ref} sx={{ mt: 3 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {t('form.title')}
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
        {t('form.help')}
      </Typography>
      <Stack spacing={3} sx={{ maxWidth: 560 }}>
        {groups.map((group) => (
          <Box component="section" key={group.key} aria-labelledby={`${idPrefix}-group-${group.key}`}>
            <Typography
              id={`${idPrefix}-group-${group.key}`}
              variant="subtitle1"
              component="h3"
              sx={{ mb: 1.5, fontWeight: 600 }}
            >
              {group.title}
            </Typography>
            <Stack spacing={2}>
              {group.places.map(({ question, ticket }) => {
                const place = placeOf(question.id, ticket);
                return (
                  <AnswerField
                    key={place}
                    id={`${idPrefix}-${place.replace(/[^A-Za-z0-9_-]/g, '-')}`}
                    question={question}
                    value={values[place]}
                    error={errors[place]}
                    disabled={disabled}
                    onChange={(value) => onChange(place, value)}
                  />
                );
              })}
            </Stack>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}
