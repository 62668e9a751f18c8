/**
 * GET /api/admin/events/:id/dashboard, kept live: the page joins the event's dashboard room and
 * fetches again (at most once a second) whenever the server says its numbers moved, and again
 * after a reconnection; a slow poll covers anything else.
 */
import { useEffect } from 'react';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { REALTIME, type EventDashboard } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { getSocket, useSocketConnection } from '@/lib/realtime/socket';

const REFETCH_AT_MOST_EVERY_MS = 1000;
const POLL_MS = 30_000;

export function eventDashboardQueryOptions(id: string) {
  return queryOptions({
    queryKey: ['admin', 'events', 'dashboard', id],
    queryFn: ({ signal }) => api.get<EventDashboard>(`/api/admin/events/${encodeURIComponent(id)}/dashboard`, { signal }),
    refetchInterval: POLL_MS,
  });
}

export function useLiveEventDashboard(id: string) {
  const queryClient = useQueryClient();
  const connection = useSocketConnection();
  useEffect(() => {
    if (connection === 0) return;
    const socket = getSocket();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void queryClient.invalidateQueries({ queryKey: eventDashboardQueryOptions(id).queryKey });
      }, REFETCH_AT_MOST_EVERY_MS);
    };
    const onChanged = (message: { eventId: string }) => {
      if (message.eventId === id) refresh();
    };
    socket.on(REALTIME.dashboardChanged, onChanged);
    socket.emit(REALTIME.dashboardWatch, { eventId: id });
    void queryClient.invalidateQueries({ queryKey: eventDashboardQueryOptions(id).queryKey });
    return () => {
      clearTimeout(timer);
      socket.off(REALTIME.dashboardChanged, onChanged);
      socket.emit(REALTIME.dashboardUnwatch, { eventId: id });
    };
  }, [id, connection, queryClient]);
  return useQuery(eventDashboardQueryOptions(id));
}
