/**
 * GET /api/events/:id/queue: the signed-in person's place, or null when they have not joined (the
 * server's 404). Asked again on every socket reconnection, so a dropped connection never loses
 * what was pushed meanwhile; the place itself is the server's, so reloading keeps it too.
 */
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { QueuePlace } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';
import { saveQueuePass } from '@/lib/queue-pass';
import { queueKeys } from './queue-keys';

export async function getQueuePlace(eventId: string, signal?: AbortSignal): Promise<QueuePlace | null> {
  try {
    const place = await api.get<QueuePlace>(`/api/events/${encodeURIComponent(eventId)}/queue`, { signal });
    rememberPass(eventId, place);
    return place;
  } catch (error) {
    if (isApiError(error) && error.status === 404) return null;
    throw error;
  }
}

/** An admitted place carries the pass: keep it for the reservation request (lib/queue-pass.ts). */
export function rememberPass(eventId: string, place: QueuePlace): void {
  if (place.status === 'admitted' && place.pass !== undefined) saveQueuePass(eventId, place.pass, place.passExpiresAt);
}

export function queuePlaceQueryOptions(eventId: string) {
  return queryOptions({
    queryKey: queueKeys.place(eventId),
    queryFn: ({ signal }) => getQueuePlace(eventId, signal),
    meta: { signedInOnly: true },
  });
}

export function useQueuePlace(eventId: string, enabled: boolean) {
  return useQuery({ ...queuePlaceQueryOptions(eventId), enabled });
}
