import { queryOptions, useQuery } from '@tanstack/react-query';
import type { CatalogEvent, Page } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { checkinKeys } from './checkin-keys';

/** Events that could be at the door now: published ones from yesterday on, soonest first. */
export function getDoorEvents(signal?: AbortSignal): Promise<Page<CatalogEvent>> {
  const from = new Date(Date.now() - 24 * 3600_000).toISOString();
  return api.get<Page<CatalogEvent>>('/api/events', { query: { from, sort: 'startsAt', limit: 100 }, signal });
}

export function useDoorEvents() {
  return useQuery(queryOptions({ queryKey: checkinKeys.events(), queryFn: ({ signal }) => getDoorEvents(signal) }));
}
