/**
 * GET /api/organizers (the caller's memberships; all of them for a site admin) and
 * GET|PATCH /api/organizers/:id, shaped as API.md "Organizers, teams, API tokens, webhooks" says.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getAllPages } from '@/lib/all-pages';
import { api } from '@/lib/api-client';

export interface Organizer {
  id: string;
  name: string;
  slug: string;
  legalName: string;
  address: string;
  vatId: string;
  invoicePrefix: string;
  embedOrigins: string[];
}

export type OrganizerPatch = Partial<Omit<Organizer, 'id'>>;

export const organizersQueryKey = ['admin', 'organizers'] as const;

export function organizersQueryOptions() {
  return queryOptions({
    queryKey: organizersQueryKey,
    queryFn: ({ signal }) => getAllPages<Organizer>('/api/organizers', signal),
  });
}

export function useOrganizers() {
  return useQuery(organizersQueryOptions());
}

export function useUpdateOrganizer(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: OrganizerPatch) => api.patch<Organizer>(`/api/organizers/${encodeURIComponent(id)}`, patch),
    onSuccess: (organizer) => {
      queryClient.setQueryData<Organizer[]>(organizersQueryKey, (list) =>
        list?.map((item) => (item.id === organizer.id ? organizer : item)),
      );
    },
  });
}
