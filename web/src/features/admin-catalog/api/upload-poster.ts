import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CatalogEvent } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminEventQueryOptions } from './get-admin-event';
import { invalidateEvents } from './catalog-keys';

/**
 * POST /api/events/:id/poster as multipart with the field `file`. The client sends FormData as it
 * is (the browser sets the multipart boundary) and adds the CSRF header like for any other POST.
 */
export function uploadPoster({ id, file }: { id: string; file: File }): Promise<CatalogEvent> {
  const body = new FormData();
  body.append('file', file);
  return api.post<CatalogEvent>(`/api/events/${encodeURIComponent(id)}/poster`, body);
}

export function useUploadPoster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadPoster,
    onSuccess: (event) => {
      queryClient.setQueryData(adminEventQueryOptions(event.id).queryKey, event);
      invalidateEvents(queryClient);
    },
  });
}
