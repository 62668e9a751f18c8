/** POST /api/events/:id/publish, POST /api/events/:id/cancel and DELETE /api/events/:id. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CatalogEvent } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminEventQueryOptions } from './get-admin-event';
import { invalidateEvents } from './catalog-keys';

export type LifecycleAction = 'publish' | 'cancel';

export function changeEventStatus({ id, action }: { id: string; action: LifecycleAction }): Promise<CatalogEvent> {
  return api.post<CatalogEvent>(`/api/events/${encodeURIComponent(id)}/${action}`);
}

export function deleteEvent(id: string): Promise<void> {
  return api.delete(`/api/events/${encodeURIComponent(id)}`);
}

export function useChangeEventStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeEventStatus,
    onSuccess: (event) => {
      queryClient.setQueryData(adminEventQueryOptions(event.id).queryKey, event);
      invalidateEvents(queryClient);
    },
  });
}

export function useDeleteEvent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteEvent,
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: adminEventQueryOptions(id).queryKey });
      invalidateEvents(queryClient);
    },
  });
}
