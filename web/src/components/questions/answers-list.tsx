/** Answers to an event's questions as read-only text: label, then the answer. */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { Answer } from '@iatichet/contracts';
import { answerText } from '@/lib/event-questions';

export function AnswersList({ answers }: { answers: readonly Answer[] }) {
  if (answers.length === 0) return null;
  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', sm: 'minmax(8rem, max-content) 1fr' },
        columnGap: 2,
        rowGap: 0.5,
      }}
    >
      {answers.map((answer) => (
        <Box key={answer.questionId} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {answer.label}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
            {answerText(answer.value)}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
