/**
 * An event's discount and access codes: GET (with uses, newest first, a page at a time, found by
 * part of the code), POST, POST generate, PATCH, DELETE, and the CSV export's address. The event
 * itself is read as its managers edit it (`?manage=true`), so that hidden ticket types can be
 * named by a code.
 */
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { CatalogEvent, CodeGenerate, CodeInput, CodePatch, DiscountCode, Page } from '@iatichet/contracts';
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

const PAGE_SIZE = 50;

/** The codes containing `search` ('' for all), newest first, a page at a time ("Load more"). */
export function useCodes(eventId: string, search: string) {
  const q = search.trim();
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: [...codesKey(eventId), { q }],
      queryFn: ({ pageParam, signal }) =>
        api.get<Page<DiscountCode>>(base(eventId), {
          query: { q: q === '' ? undefined : q, limit: PAGE_SIZE, cursor: pageParam },
          signal,
        }),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      // While the next search runs, the previous results stay on screen instead of a spinner per keystroke.
      placeholderData: keepPreviousData,
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
