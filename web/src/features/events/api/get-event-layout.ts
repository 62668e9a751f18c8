import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Layout } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';

/**
 * GET /api/events/:id/layout: the event's own copy of its layout (section geometry, standing
 * areas). A server without it, or an event without one, answers 404: the map then has no standing
 * areas and draws what the seats say, so that is `null` here, not an error.
 */
export async function getEventLayout(id: string, signal?: AbortSignal): Promise<Layout | null> {
  try {
    return await api.get<Layout>(`/api/events/${encodeURIComponent(id)}/layout`, { signal });
  } catch (error) {
    if (isApiError(error) && (error.status === 404 || error.code === 'not_found')) return null;
    throw error;
  }
}

export function eventLayoutQueryOptions(id: string) {
  // The layout of an event on sale does not change (each event keeps its own copy).
  return queryOptions({
    queryKey: ['events', 'layout', id],
    queryFn: ({ signal }) => getEventLayout(id, signal),
    staleTime: Infinity,
  });
}

export function useEventLayout(id: string, enabled: boolean) {
  return useQuery({ ...eventLayoutQueryOptions(id), enabled, retry: 1 });
}
