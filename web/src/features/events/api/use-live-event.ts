/**
 * Live availability of one event: watches it over the app's socket, writes every
 * `event:availability` message into the cached event and seat map (so a seat someone else takes
 * greys out at once), and counts the people watching.
 *
 * The seat map is kept current by deltas when the server versions it (api/seat-sync.ts): each
 * message's seats are written in, and only a reconnection, a version going back, or a slow
 * periodic check asks the server, for ?since=<version> (the seats changed since), never the whole
 * map. Seats that arrive live while such an answer is on its way are written again on top of it,
 * so an answer that was cached a moment earlier cannot undo them.
 *
 * From a server without versions the map is fetched whole as before: after every (re)connection
 * (once at once and once after the server's one-second catalog cache) and once messages pause. A
 * fetch can answer from that cache with a state older than a live message already applied, so a
 * live message cancels any fetch in flight, and once messages pause it is fetched again.
 */
import { useEffect, useRef, useState } from 'react';
import { useQueryClient, type Query, type QueryClient } from '@tanstack/react-query';
import { REALTIME, type AvailabilityMessage, type CatalogEvent, type ViewersMessage } from '@iatichet/contracts';
import { isApiError } from '@/lib/api-error';
import { getSocket, useSocketConnection } from '@/lib/realtime/socket';
import { eventSeatsQueryOptions, getEventSeats } from './get-event-seats';
import { eventQueryOptions } from './get-event';
import { applyLive, applySeatChanges, decideLive, mergeSince } from './seat-sync';

const CATCH_UP_AFTER_MS = 1200;
/** A versioned map asks what changed this often even when nothing seems missing: cheap, and a safety net. */
const DELTA_CHECK_MS = 30_000;

export function applyAvailability(event: CatalogEvent, message: AvailabilityMessage): CatalogEvent {
  const byId = new Map(message.ticketTypes.map((t) => [t.id, t.remaining]));
  return {
    ...event,
    remaining: message.remaining,
    ticketTypes: event.ticketTypes.map((t) => ({ ...t, remaining: byId.get(t.id) ?? t.remaining })),
  };
}

/**
 * Asks ?since= for one event's versioned map, one request at a time (a request asked for while one
 * runs runs once after it). Live messages that arrive meanwhile are kept and written on top.
 */
export function deltaCatchUp(queryClient: QueryClient, eventId: string) {
  const key = eventSeatsQueryOptions(eventId).queryKey;
  let running = false;
  let again = false;
  let during: AvailabilityMessage[] = [];
  let stopped = false;

  async function run(): Promise<void> {
    const state = queryClient.getQueryData(key);
    if (state?.version === undefined) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    during = [];
    try {
      const answer = await getEventSeats(eventId, undefined, state.version);
      if (stopped) return;
      const newer = during.filter((m) => (m.seatsVersion ?? Infinity) > (answer.version ?? 0));
      queryClient.setQueryData(key, (current) => {
        if (current === undefined) return current;
        return newer.reduce((merged, m) => applySeatChanges(merged, m.seats), mergeSince(current, answer));
      });
    } catch {
      // Nothing changed on the map; the next reconnection, message or check asks again.
    } finally {
      running = false;
      during = [];
      if (again && !stopped) {
        again = false;
        void run();
      }
    }
  }

  return {
    run,
    /** A live message arrived: remembered while an answer is on its way. */
    seen(message: AvailabilityMessage) {
      if (running) during.push(message);
    },
    stop() {
      stopped = true;
    },
  };
}

/** Keeps the event (and its seat map) live; answers how many people are viewing it, once known. */
export function useLiveEvent(eventId: string): number | undefined {
  const queryClient = useQueryClient();
  const connection = useSocketConnection();
  const [viewers, setViewers] = useState<number | undefined>(undefined);
  // The ?since= catch-up of the watched event, made by the first effect, used by the second.
  const deltasRef = useRef<ReturnType<typeof deltaCatchUp> | null>(null);

  useEffect(() => {
    const socket = getSocket();
    const eventKey = eventQueryOptions(eventId).queryKey;
    const seatsKey = eventSeatsQueryOptions(eventId).queryKey;
    const deltas = deltaCatchUp(queryClient, eventId);
    deltasRef.current = deltas;
    let settle: ReturnType<typeof setTimeout> | undefined;
    let refetchSeats = false;
    const onAvailability = (message: AvailabilityMessage) => {
      if (message.eventId !== eventId) return;
      const decision = decideLive(queryClient.getQueryData(seatsKey), message);
      void queryClient.cancelQueries({ queryKey: eventKey });
      if (decision === 'refetch') {
        refetchSeats = true;
        void queryClient.cancelQueries({ queryKey: seatsKey });
      }
      clearTimeout(settle);
      settle = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: eventKey });
        if (refetchSeats) void queryClient.invalidateQueries({ queryKey: seatsKey });
        refetchSeats = false;
      }, CATCH_UP_AFTER_MS);
      queryClient.setQueryData(eventKey, (event) => event && applyAvailability(event, message));
      if (decision === 'refetch') {
        queryClient.setQueryData(seatsKey, (state) => state && applySeatChanges(state, message.seats));
        return;
      }
      queryClient.setQueryData(seatsKey, (state) => state && applyLive(state, message));
      deltas.seen(message);
      if (decision === 'catchUp') void deltas.run();
    };
    const onViewers = (message: ViewersMessage) => {
      if (message.eventId === eventId) setViewers(message.count);
    };
    const check = setInterval(() => void deltas.run(), DELTA_CHECK_MS);
    socket.on(REALTIME.availability, onAvailability);
    socket.on(REALTIME.viewers, onViewers);
    return () => {
      clearTimeout(settle);
      clearInterval(check);
      deltas.stop();
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
    const seatsKey = eventSeatsQueryOptions(eventId).queryKey;
    const refresh = () => {
      void queryClient.invalidateQueries({ queryKey: eventQueryOptions(eventId).queryKey, predicate: exists });
      // Whatever changed while the connection was down: only the changes when the map is versioned.
      if (queryClient.getQueryData(seatsKey)?.version !== undefined) void deltasRef.current?.run();
      else void queryClient.invalidateQueries({ queryKey: seatsKey, predicate: exists });
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
