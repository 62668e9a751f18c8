/** POST /api/events/:id/publish, POST /api/events/:id/cancel and DELETE /api/events/:id. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import i18next from 'i18next';
import type { CatalogEvent, EventCancellation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { adminEventQueryOptions } from './get-admin-event';
import { invalidateEvents } from './catalog-keys';

export type LifecycleAction = 'publish' | 'cancel';

/** Cancelling also answers `cancellation`: how many reservations closed, were refunded, or wait for a refund. */
export function changeEventStatus({
  id,
  action,
}: {
  id: string;
  action: LifecycleAction;
}): Promise<CatalogEvent & Partial<Pick<EventCancellation, 'cancellation'>>> {
  return api.post<CatalogEvent & Partial<Pick<EventCancellation, 'cancellation'>>>(
    `/api/events/${encodeURIComponent(id)}/${action}`,
  );
}

/** "3 reservations cancelled, 1 refunded, 1 refund pending (retried automatically)." */
export function cancellationSummary(c: EventCancellation['cancellation']): string {
  const parts = {
    reservations: i18next.t('admin-catalog:lifecycle.reservations', { count: c.cancelled }),
    refunded: i18next.t('admin-catalog:lifecycle.refunded', { count: c.refunded }),
  };
  return c.refundsPending > 0
    ? i18next.t('admin-catalog:lifecycle.summaryPending', {
        ...parts,
        pending: i18next.t('admin-catalog:lifecycle.pending', { count: c.refundsPending }),
      })
    : i18next.t('admin-catalog:lifecycle.summary', parts);
}

export function deleteEvent(id: string): Promise<void> {
  return api.delete(`/api/events/${encodeURIComponent(id)}`);
}

export function useChangeEventStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changeEventStatus,
    onSuccess: (event) => {
      const { cancellation: _counts, ...plain } = event;
      queryClient.setQueryData(adminEventQueryOptions(event.id).queryKey, plain);
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
