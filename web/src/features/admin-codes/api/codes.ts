/**
 * An event's discount and access codes: GET (with uses), POST, POST generate, PATCH, DELETE, and
 * the CSV export's address. The event itself is read as its managers edit it (`?manage=true`), so
 * that hidden ticket types can be named by a code.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CatalogEvent, CodeGenerate, CodeInput, CodePatch, DiscountCode } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

const base = (eventId: string) => `/api/events/${encodeURIComponent(eventId)}/codes`;
const codesKey = (eventId: string) => ['admin', 'events', eventId, 'codes'] as const;

export const codesCsvHref = (eventId: string) => `${base(eventId)}.csv`;

export function useManagedEvent(eventId: string) {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'events', eventId, 'managed'],
      queryFn: ({ signal }) => api.get<CatalogEvent>(`/api/events/${encodeURIComponent(eventId)}?manage=true`, { signal }),
    }),
  );
}

export function useCodes(eventId: string) {
  return useQuery(
    queryOptions({
      queryKey: codesKey(eventId),
      queryFn: async ({ signal }) => (await api.get<{ items: DiscountCode[] }>(base(eventId), { signal })).items,
    }),
  );
}

function useCodeMutation<T, R>(eventId: string, send: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: send, onSettled: () => queryClient.invalidateQueries({ queryKey: codesKey(eventId) }) });
}

export const useCreateCode = (eventId: string) =>
  useCodeMutation(eventId, (input: CodeInput) => api.post<DiscountCode>(base(eventId), input));

export const useGenerateCodes = (eventId: string) =>
  useCodeMutation(eventId, (input: CodeGenerate) => api.post<{ items: DiscountCode[] }>(`${base(eventId)}/generate`, input));

export const useUpdateCode = (eventId: string) =>
  useCodeMutation(eventId, ({ id, patch }: { id: string; patch: CodePatch }) =>
    api.patch<DiscountCode>(`${base(eventId)}/${encodeURIComponent(id)}`, patch),
  );

export const useDeleteCode = (eventId: string) =>
  useCodeMutation(eventId, (id: string) => api.delete(`${base(eventId)}/${encodeURIComponent(id)}`));
