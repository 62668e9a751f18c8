export const queueKeys = {
  all: ['queue'] as const,
  event: (eventId: string) => ['queue', 'event', eventId] as const,
  place: (eventId: string) => ['queue', 'place', eventId] as const,
};
