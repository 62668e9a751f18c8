import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CatalogEvent, EventInput, EventPatch } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminEventQueryOptions } from './get-admin-event';
import { invalidateEvents } from './catalog-keys';

export function createEvent(input: EventInput): Promise<CatalogEvent> {
  return api.post<CatalogEvent>('/api/events', input);
}

export function updateEvent({ id, patch }: { id: string; patch: EventPatch }): Promise<CatalogEvent> {
  return api.patch<CatalogEvent>(`/api/events/${encodeURIComponent(id)}`, patch);
}

/** POST /api/events (a new draft) or PATCH /api/events/:id; the answer replaces the cached event. */
export function useSaveEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string | undefined; input: EventInput }) =>
      id === undefined ? createEvent(input) : updateEvent({ id, patch: input }),
    onSuccess: (event) => {
      queryClient.setQueryData(adminEventQueryOptions(event.id).queryKey, event);
      invalidateEvents(queryClient);
    },
  });
}
