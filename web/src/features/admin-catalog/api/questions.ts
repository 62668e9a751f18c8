/** An event's questions for its team: the list (lib/event-questions.ts) and every change to it. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Question, QuestionInput, QuestionPatch } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { eventQuestionsQueryOptions } from '@/lib/event-questions';

const base = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/questions`;

type Change =
  | { kind: 'create'; input: QuestionInput }
  | { kind: 'update'; questionId: string; patch: QuestionPatch }
  | { kind: 'delete'; questionId: string }
  | { kind: 'reorder'; questionIds: string[] };

function change(eventId: string, c: Change): Promise<unknown> {
  switch (c.kind) {
    case 'create':
      return api.post<Question>(base(eventId), c.input);
    case 'update':
      return api.patch<Question>(`${base(eventId)}/${encodeURIComponent(c.questionId)}`, c.patch);
    case 'delete':
      return api.delete(`${base(eventId)}/${encodeURIComponent(c.questionId)}`);
    case 'reorder':
      return api.put<Question[]>(`${base(eventId)}/order`, { questionIds: c.questionIds });
  }
}

/** POST, PATCH, DELETE and PUT .../order of /api/events/:id/questions; the list is read again after each. */
export function useChangeQuestions(eventId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (c: Change) => change(eventId, c),
    onSettled: () => queryClient.invalidateQueries({ queryKey: eventQuestionsQueryOptions(eventId).queryKey }),
  });
}
