export const checkinKeys = {
  all: ['checkin'] as const,
  stats: (eventId: string) => [...checkinKeys.all, 'stats', eventId] as const,
  events: () => [...checkinKeys.all, 'events'] as const,
};
