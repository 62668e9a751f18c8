/**
 * The one Socket.IO connection of the web app, on the same origin as the API and authenticated by
 * the same session cookie. It reconnects by itself after a network drop; `useSocketStatus`
 * tells components when it is back so they can fetch what they missed. After signing in or out
 * the connection is opened again so the server sees the new person.
 *
 * WebSocket first (one connection, no sticky routing needed behind a load balancer), HTTP long-
 * polling when a proxy or firewall refuses WebSocket: `tryAllTransports` moves on to polling when
 * the WebSocket attempt fails, and after a failed connection the next attempts start with polling
 * and only then try to upgrade (a proxy that lets the upgrade hang rather than fail is covered too).
 * Polling behind several instances needs the balancer's sticky routing (deploy/nginx.conf).
 */
import { useEffect, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { useQueryClient } from '@tanstack/react-query';
import { currentUserQueryKey, useCurrentUser } from '../auth/current-user';

let socket: Socket | undefined;
/** Bumped on every (re)connection; components refetch when it changes. */
let connection = 0;
/** Who the open connection was made for: a user id, null (signed out), undefined (not known yet). */
let identity: string | null | undefined;
const listeners = new Set<() => void>();
/** Set by the app: what to do when the server says this connection's session ended. */
let onSessionEnded: (() => void) | undefined;

export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}
const notify = () => {
  for (const listener of listeners) listener();
};

export function getSocket(): Socket {
  if (socket === undefined) {
    socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], tryAllTransports: true, withCredentials: true });
    socket.on('connect_error', () => {
      if (socket !== undefined) socket.io.opts.transports = ['polling', 'websocket'];
    });
    socket.on('connect', () => {
      connection++;
      notify();
    });
    socket.on('disconnect', (reason) => {
      notify();
      // The server closes a connection whose session ended (signed out elsewhere, account
      // disabled). Socket.IO does not reconnect by itself then; open it again as whoever the
      // cookie now says, and let the app find out who that is.
      if (reason === 'io server disconnect') {
        onSessionEnded?.();
        socket?.connect();
      }
    });
  }
  return socket;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** 0 while not connected; a new number after every (re)connection. */
export function useSocketConnection(): number {
  return useSyncExternalStore(
    subscribe,
    () => (socket?.connected ? connection : 0),
    () => 0,
  );
}

/** Re-opens the connection when the signed-in person changes (the cookie is read at connect time). */
export function useSocketIdentity(): void {
  const me = useCurrentUser();
  const userId = me.data === undefined ? undefined : (me.data?.id ?? null);
  const queryClient = useQueryClient();
  useEffect(() => {
    whenSessionEnds(() => void queryClient.invalidateQueries({ queryKey: currentUserQueryKey }));
  }, [queryClient]);
  useEffect(() => {
    if (userId === undefined) return;
    const changed = identity !== undefined && identity !== userId;
    identity = userId;
    const s = getSocket();
    if (changed && s.connected) {
      s.disconnect();
      s.connect();
    }
  }, [userId]);
}
