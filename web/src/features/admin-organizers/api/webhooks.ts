/**
 * Webhooks of one organizer and their delivery log: POST (the signing secret comes back once),
 * GET, PATCH (enable/disable), DELETE, GET .../deliveries, POST .../deliveries/:id/redeliver.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

/** The event types a hook may listen for: the server's list, from the shared contracts. */
export const WEBHOOK_EVENTS = WEBHOOK_EVENT_TYPES;
export type WebhookEvent = WebhookEventType;

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  enabled?: boolean;
  createdAt?: string;
}

export interface CreatedWebhook extends Webhook {
  /** The signing secret: in this answer only. */
  secret: string;
}

export interface Delivery {
  id: string;
  type: string;
  status: string;
  attempts: number;
  lastStatusCode?: number | null;
  lastResponseExcerpt?: string | null;
  /** Why the last attempt got no answer (refused address, timeout, connection error). */
  lastError?: string | null;
  createdAt?: string;
  nextAttemptAt?: string | null;
}

const hooksUrl = (organizerId: string) => `/api/organizers/${encodeURIComponent(organizerId)}/webhooks`;
const hookUrl = (organizerId: string, hookId: string) => `${hooksUrl(organizerId)}/${encodeURIComponent(hookId)}`;
const webhooksQueryKey = (organizerId: string) => ['admin', 'organizers', organizerId, 'webhooks'] as const;
const deliveriesQueryKey = (organizerId: string, hookId: string) =>
  [...webhooksQueryKey(organizerId), hookId, 'deliveries'] as const;

export function useWebhooks(organizerId: string) {
  return useQuery(
    queryOptions({
      queryKey: webhooksQueryKey(organizerId),
      queryFn: async ({ signal }) => (await api.get<{ items: Webhook[] }>(hooksUrl(organizerId), { signal })).items,
    }),
  );
}

function useWebhookMutation<T, R>(organizerId: string, send: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey(organizerId) }),
  });
}

export function useCreateWebhook(organizerId: string) {
  return useWebhookMutation(organizerId, (input: { url: string; events: WebhookEvent[] }) =>
    api.post<CreatedWebhook>(hooksUrl(organizerId), input),
  );
}

export function useSetWebhookEnabled(organizerId: string) {
  return useWebhookMutation(organizerId, ({ hookId, enabled }: { hookId: string; enabled: boolean }) =>
    api.patch<Webhook>(hookUrl(organizerId, hookId), { enabled }),
  );
}

export function useDeleteWebhook(organizerId: string) {
  return useWebhookMutation(organizerId, (hookId: string) => api.delete(hookUrl(organizerId, hookId)));
}

export function useDeliveries(organizerId: string, hookId: string) {
  return useQuery(
    queryOptions({
      queryKey: deliveriesQueryKey(organizerId, hookId),
      queryFn: async ({ signal }) =>
        (await api.get<{ items: Delivery[] }>(`${hookUrl(organizerId, hookId)}/deliveries`, { signal })).items,
      // The log moves while retries run: a glance a few seconds later shows the next attempt.
      refetchInterval: 10_000,
    }),
  );
}

export function useRedeliver(organizerId: string, hookId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      api.post(`${hookUrl(organizerId, hookId)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: deliveriesQueryKey(organizerId, hookId) }),
  });
}
