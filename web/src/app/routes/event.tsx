/**
 * /events/:id with "Reserve" wired to the reservations flow. The two features meet here, since
 * they never import each other: the event page gathers the selection, the reservations feature
 * holds it, the waiting room is offered above the tickets (a 403 queue_required leads there), and
 * the waiting list is offered under a sold-out type. A signed-out visitor is sent to sign in and brought back to the event.
 */
import { useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { ReservationRequest } from '@iatichet/contracts';
import { paths } from '@/config/paths';
import { EventPage } from '@/features/events/components/event-page';
import { QueueNotice } from '@/features/queue/components/queue-notice';
import type { ReserveHandler } from '@/features/events/components/use-reserve';
import { useCreateReservation } from '@/features/reservations/api/create-reservation';
import { WaitlistPanel } from '@/features/waitlist/components/waitlist-panel';
import { isApiError } from '@/lib/api-error';
import { useCurrentUser } from '@/lib/auth/current-user';
import { createIdempotencyKeys } from '@/lib/idempotency-key';
import { forgetQueuePass } from '@/lib/queue-pass';
import { toReservationRequest } from '@/lib/ticket-selection';

export function EventRoute() {
  const { id = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const createReservation = useCreateReservation();
  // One key per attempt: a retry after a dropped connection can never hold the seats twice.
  const [keys] = useState(createIdempotencyKeys);

  const signInFirst = () => navigate(paths.signIn.getHref(`${location.pathname}${location.search}`));

  const reserve: ReserveHandler = async (selection, attendeeNames, answers = [], extras) => {
    if (me.data === null) {
      await signInFirst();
      return;
    }
    const request: ReservationRequest = {
      ...toReservationRequest(id, selection, extras),
      ...(attendeeNames.length > 0 ? { attendees: attendeeNames.map((name) => ({ name })) } : {}),
      ...(answers.length > 0 ? { answers: [...answers] } : {}),
    };
    try {
      const reservation = await createReservation.mutateAsync({ request, idempotencyKey: keys.keyFor(request) });
      keys.settle();
      await navigate(paths.reservation.getHref(reservation.id));
    } catch (error) {
      keys.settle(error);
      if (isApiError(error) && error.code === 'unauthenticated') {
        await signInFirst();
        return;
      }
      // The sale runs through a waiting room and this buyer has no valid pass: that is where to go.
      if (isApiError(error) && error.code === 'queue_required') {
        forgetQueuePass(id);
        await navigate(paths.eventQueue.getHref(id));
        return;
      }
      throw error;
    }
  };

  return (
    <EventPage
      onReserve={reserve}
      beforeTickets={(event) => <QueueNotice event={event} />}
      afterTickets={(event) => <WaitlistPanel event={event} signedIn={me.data != null} onSignIn={() => void signInFirst()} />}
    />
  );
}
