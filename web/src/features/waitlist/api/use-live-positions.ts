/**
 * Places in line move when someone ahead is offered tickets or leaves; the server then announces
 * the event's availability, which the event page already watches over the app's socket. Each such
 * message refreshes the person's entries, so the position shown follows at once.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { REALTIME, type AvailabilityMessage } from '@iatichet/contracts';
import { getSocket } from '@/lib/realtime/socket';
import { waitlistKeys } from './waitlist-keys';

export function useLivePositions(eventId: string, enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    const socket = getSocket();
    const onAvailability = (message: AvailabilityMessage) => {
      if (message.eventId === eventId) void queryClient.invalidateQueries({ queryKey: waitlistKeys.mine });
    };
    socket.on(REALTIME.availability, onAvailability);
    return () => {
      socket.off(REALTIME.availability, onAvailability);
    };
  }, [eventId, enabled, queryClient]);
}
