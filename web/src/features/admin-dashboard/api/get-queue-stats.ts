/**
 * GET /api/events/:id/queue/stats, kept live: the server pushes `queue:stats` to staff in the
 * event's dashboard room (which the dashboard page already joins), and each message replaces the
 * numbers; every reconnection asks again. An event without a waiting room answers null (404).
 */
import { useEffect } from 'react';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { REALTIME, type QueueStats } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { isApiError } from '@/lib/api-error';
import { getSocket, useSocketConnection } from '@/lib/realtime/socket';

export function queueStatsQueryOptions(eventId: string) {
  return queryOptions({
    queryKey: ['admin', 'events', 'queue-stats', eventId],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<QueueStats>(`/api/events/${encodeURIComponent(eventId)}/queue/stats`, { signal });
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useLiveQueueStats(eventId: string) {
  const queryClient = useQueryClient();
  const connection = useSocketConnection();
  useEffect(() => {
    const socket = getSocket();
    const key = queueStatsQueryOptions(eventId).queryKey;
    const onStats = (stats: QueueStats) => {
      if (stats.eventId === eventId) queryClient.setQueryData(key, stats);
    };
    socket.on(REALTIME.queueStats, onStats);
    if (connection !== 0) void queryClient.invalidateQueries({ queryKey: key });
    return () => {
      socket.off(REALTIME.queueStats, onStats);
    };
  }, [eventId, connection, queryClient]);
  return useQuery(queueStatsQueryOptions(eventId));
}
