/** POST /api/venues, PATCH /api/venues/:id and DELETE /api/venues/:id (admin). */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Venue, VenueInput } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { invalidateVenues } from './catalog-keys';
import { venueQueryOptions } from './venues';

export function saveVenue({ id, input }: { id: string | undefined; input: VenueInput }): Promise<Venue> {
  return id === undefined
    ? api.post<Venue>('/api/venues', input)
    : api.patch<Venue>(`/api/venues/${encodeURIComponent(id)}`, input);
}

export function deleteVenue(id: string): Promise<void> {
  return api.delete(`/api/venues/${encodeURIComponent(id)}`);
}

export function useSaveVenue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveVenue,
    onSuccess: (venue) => {
      queryClient.setQueryData(venueQueryOptions(venue.id).queryKey, venue);
      invalidateVenues(queryClient);
    },
  });
}

export function useDeleteVenue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteVenue,
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: venueQueryOptions(id).queryKey });
      invalidateVenues(queryClient);
    },
  });
}
