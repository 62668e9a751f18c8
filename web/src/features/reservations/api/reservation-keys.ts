/** Query keys of the buyer's reservations, so every endpoint file updates the same cache entries. */
export const reservationKeys = {
  all: ['reservations'] as const,
  lists: () => [...reservationKeys.all, 'list'] as const,
  detail: (id: string) => [...reservationKeys.all, 'detail', id] as const,
};
