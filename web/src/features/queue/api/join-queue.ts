/**
 * Joining the waiting room: GET /api/queue/challenge, solve it in a Web Worker (progress shown),
 * then POST /api/events/:id/queue with the solution. A challenge that expired while the device was
 * slow (400 challenge_failed) is fetched and solved once more before the error is shown.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QueueChallenge, QueueJoinRequest, QueuePlace } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';
import { solveChallenge } from '../pow/solve-challenge';
import { rememberPass } from './get-queue-place';
import { queueKeys } from './queue-keys';

const ATTEMPTS = 2;

export interface JoinQueueOptions {
  onProgress?: (progress: number) => void;
  signal?: AbortSignal;
}

export async function joinQueue(eventId: string, { onProgress, signal }: JoinQueueOptions = {}): Promise<QueuePlace> {
  for (let attempt = 1; ; attempt++) {
    onProgress?.(0);
    const challenge = await api.get<QueueChallenge>('/api/queue/challenge', { signal });
    const solution = await solveChallenge(challenge, { onProgress, signal });
    const body: QueueJoinRequest = { challenge: challenge.challenge, solution };
    try {
      return await api.post<QueuePlace>(`/api/events/${encodeURIComponent(eventId)}/queue`, body, { signal });
    } catch (error) {
      if (attempt < ATTEMPTS && isApiError(error) && error.code === 'challenge_failed') continue;
      throw error;
    }
  }
}

/** `mutate(signal)`: the signal stops the search and the requests when the page is left. */
export function useJoinQueue(eventId: string, onProgress?: (progress: number) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (signal?: AbortSignal) => joinQueue(eventId, { onProgress, signal }),
    onSuccess: (place) => {
      rememberPass(eventId, place);
      queryClient.setQueryData(queueKeys.place(eventId), place);
    },
  });
}
