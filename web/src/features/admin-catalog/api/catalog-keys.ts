/**
 * Query keys of the admin catalog, and what to refresh after a change. The public pages cache
 * events under ['events'] (features/events): a change here must refresh those too.
 */
import type { QueryClient } from '@tanstack/react-query';

export const adminEventsKey = ['admin', 'events'] as const;
export const adminVenuesKey = ['admin', 'venues'] as const;
const publicEventsKey = ['events'] as const;

export function invalidateEvents(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: adminEventsKey });
  void queryClient.invalidateQueries({ queryKey: publicEventsKey });
}

export function invalidateVenues(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: adminVenuesKey });
  // Venue names and cities are shown on events.
  invalidateEvents(queryClient);
}
