/**
 * Live availability of one event: watches it over the app's socket, writes every
 * `event:availability` message into the cached event and seat map (so a seat someone else takes
 * greys out at once), and counts the people watching. After every (re)connection it fetches the
 * event and seats again, once at once and once after the server's one-second catalog cache, so
 * whatever changed while the connection was down is caught up.
 *
 * A fetch can answer from that cache with a state older than a live message already applied. So a
 * live message cancels any fetch in flight, and once messages pause, the event and seats are
 * fetched again after the cache's lifetime: what shows always converges on the newest state.
 */
import { useEffect, useState } from 'react';
import { useQueryClient, type Query } from '@tanstack/react-query';
import { REALTIME, type AvailabilityMessage, type CatalogEvent, type EventSeat, type ViewersMessage } from '@iatichet/contracts';
import { isApiError } from '@/lib/api-error';
import { getSocket, useSocketConnection } from '@/lib/realtime/socket';
import { eventSeatsQueryOptions } from './get-event-seats';
import { eventQueryOptions } from './get-event';

const CATCH_UP_AFTER_MS = 1200;

export function applyAvailability(event: CatalogEvent, message: AvailabilityMessage): CatalogEvent {
  const byId = new Map(message.ticketTypes.map((t) => [t.id, t.remaining]));
  return {
    ...event,
    remaining: message.remaining,
    ticketTypes: event.ticketTypes.map((t) => ({ ...t, remaining: byId.get(t.id) ?? t.remaining })),
  };
}

export function applySeats(seats: EventSeat[], message: AvailabilityMessage): EventSeat[] {
  if (message.seats.length === 0) return seats;
  const changed = new Map(message.seats.map((s) => [s.id, s.status]));
  return seats.map((seat) => {
    const status = changed.get(seat.id);
    return status === undefined || status === seat.status ? seat : { ...seat, status };
  });
}

/** Keeps the event (and its seat map) live; answers how many people are viewing it, once known. */
export function useLiveEvent(eventId: string): number | undefined {
  const queryClient = useQueryClient();
  const connection = useSocketConnection();
  const [viewers, setViewers] = useState<number | undefined>(undefined);

  useEffect(() => {
    const socket = getSocket();
    const eventKey = eventQueryOptions(eventId).queryKey;
    const seatsKey = eventSeatsQueryOptions(eventId).queryKey;
    let settle: ReturnType<typeof setTimeout> | undefined;
    const onAvailability = (message: AvailabilityMessage) => {
      if (message.eventId !== eventId) return;
      void queryClient.cancelQueries({ queryKey: eventKey });
      void queryClient.cancelQueries({ queryKey: seatsKey });
      clearTimeout(settle);
      settle = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: eventKey });
        void queryClient.invalidateQueries({ queryKey: seatsKey });
      }, CATCH_UP_AFTER_MS);
      queryClient.setQueryData(eventQueryOptions(eventId).queryKey, (event) => event && applyAvailability(event, message));
      queryClient.setQueryData(eventSeatsQueryOptions(eventId).queryKey, (seats) => seats && applySeats(seats, message));
    };
    const onViewers = (message: ViewersMessage) => {
      if (message.eventId === eventId) setViewers(message.count);
    };
    socket.on(REALTIME.availability, onAvailability);
    socket.on(REALTIME.viewers, onViewers);
    return () => {
      clearTimeout(settle);
      socket.off(REALTIME.availability, onAvailability);
      socket.off(REALTIME.viewers, onViewers);
    };
  }, [eventId, queryClient]);

  useEffect(() => {
    if (connection === 0) return;
    const socket = getSocket();
    socket.emit(REALTIME.watch, { eventId });
    // Catching up is for an event that exists: one the server said is not there is not asked again.
    const exists = (query: Query) => !(isApiError(query.state.error) && query.state.error.code === 'not_found');
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: eventQueryOptions(eventId).queryKey, predicate: exists });
      void queryClient.invalidateQueries({ queryKey: eventSeatsQueryOptions(eventId).queryKey, predicate: exists });
    };
    refresh();
    const later = setTimeout(refresh, CATCH_UP_AFTER_MS);
    return () => {
      clearTimeout(later);
      socket.emit(REALTIME.unwatch, { eventId });
    };
  }, [eventId, connection, queryClient]);

  return viewers;
}
