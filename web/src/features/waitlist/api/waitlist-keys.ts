/**
 * Query keys of waiting-list entries. Under ['reservations'] on purpose: the notification bell
 * invalidates that prefix when a notification arrives live, so an offer refreshes the list too.
 */
export const waitlistKeys = {
  mine: ['reservations', 'waitlist', 'mine'] as const,
  event: (eventId: string) => ['reservations', 'waitlist', 'event', eventId] as const,
};
