import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Page, Reservation } from '@iatichet/contracts';

/** Query keys of the admin's reservation pages, and the one way every action updates them. */
export const adminReservationKeys = {
  all: ['admin', 'reservations'] as const,
  lists: () => [...adminReservationKeys.all, 'list'] as const,
  detail: (id: string) => [...adminReservationKeys.all, 'detail', id] as const,
};

/**
 * After an action: the detail shows the server's answer, and the row is updated where it stands in
 * any loaded list (even if it no longer matches the filters), so the admin sees what they just did.
 */
export function storeAdminReservation(queryClient: QueryClient, reservation: Reservation): void {
  queryClient.setQueryData(adminReservationKeys.detail(reservation.id), reservation);
  queryClient.setQueriesData<InfiniteData<Page<Reservation>>>({ queryKey: adminReservationKeys.lists() }, (data) =>
    data === undefined
      ? data
      : {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === reservation.id ? reservation : item)),
          })),
        },
  );
  void queryClient.invalidateQueries({ queryKey: adminReservationKeys.lists(), refetchType: 'none' });
}
