/**
 * The waiting person's place, live: while the page watches the event (event:watch), the server
 * pushes `queue:update` to the person's own sockets when the place changes (the draw, each
 * admission, sold out). The message carries no pass, so an admission asks
 * GET .../queue once for it; every reconnection asks too, for whatever was missed while offline.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { REALTIME, type QueuePlace, type QueueUpdateMessage } from '@iatichet/contracts';
import { getSocket, useSocketConnection } from '@/lib/realtime/socket';
import { queueKeys } from './queue-keys';

/**
 * The place after a pushed update. The message has no pass: an admission keeps a pass already
 * known, else asks GET .../queue for it. A pass never survives a status other than admitted.
 */
export function applyQueueUpdate(
  before: QueuePlace | null | undefined,
  message: QueueUpdateMessage,
): { place: QueuePlace; askForPass: boolean } {
  const { status, position, ahead, estimatedWaitSeconds } = message;
  const place: QueuePlace = { status, position, ahead, estimatedWaitSeconds };
  if (status !== 'admitted') return { place, askForPass: false };
  if (before?.status === 'admitted' && before.pass !== undefined) {
    place.pass = before.pass;
    if (before.passExpiresAt !== undefined) place.passExpiresAt = before.passExpiresAt;
    return { place, askForPass: false };
  }
  return { place, askForPass: true };
}

export function useLiveQueue(eventId: string, enabled: boolean): void {
  const queryClient = useQueryClient();
  const connection = useSocketConnection();

  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    const onUpdate = (message: QueueUpdateMessage) => {
      if (message.eventId !== eventId) return;
      const key = queueKeys.place(eventId);
      const { place, askForPass } = applyQueueUpdate(queryClient.getQueryData<QueuePlace | null>(key), message);
      queryClient.setQueryData<QueuePlace | null>(key, place);
      if (askForPass) void queryClient.invalidateQueries({ queryKey: key });
    };
    socket.on(REALTIME.queueUpdate, onUpdate);
    return () => {
      socket.off(REALTIME.queueUpdate, onUpdate);
    };
  }, [eventId, enabled, queryClient]);

  // After every (re)connection: follow the event (the server pushes a watcher's own place) and
  // ask for the place as the server has it now, for whatever was missed while offline.
  useEffect(() => {
    if (!enabled || connection === 0) return;
    const socket = getSocket();
    socket.emit(REALTIME.watch, { eventId });
    void queryClient.invalidateQueries({ queryKey: queueKeys.place(eventId) });
    return () => {
      socket.emit(REALTIME.unwatch, { eventId });
    };
  }, [connection, enabled, eventId, queryClient]);
}
