/**
 * One ticket by its holder: the attendee's name, the transfer to another account, and the tickets
 * this account received (GET /api/tickets). After a change the reservation and the received list
 * are read again: the server decides what each side may still see of the ticket.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReceivedTicketList, Ticket, TicketTransferResult } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

export const receivedKeys = { all: ['tickets', 'received'] as const };

export interface TicketRef {
  reservationId: string;
  ticketId: string;
}

const ticketPath = ({ reservationId, ticketId }: TicketRef) =>
  `/api/reservations/${encodeURIComponent(reservationId)}/tickets/${encodeURIComponent(ticketId)}`;

/** The received ticket's PDF: a plain link, so the browser streams it to disk with the session cookie. */
export function ticketPdfHref(ticketId: string, size: 'a4' | 'phone' = 'a4'): string {
  const base = `/api/tickets/${encodeURIComponent(ticketId)}/ticket.pdf`;
  return size === 'a4' ? base : `${base}?size=phone`;
}

function useRefreshHeld() {
  const queryClient = useQueryClient();
  return (reservationId: string) => {
    void queryClient.invalidateQueries({ queryKey: reservationKeys.detail(reservationId) });
    void queryClient.invalidateQueries({ queryKey: reservationKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: receivedKeys.all });
  };
}

/** PATCH /api/reservations/:id/tickets/:ticketId `{ attendeeName }`: until the event starts. */
export function useRenameAttendee() {
  const refresh = useRefreshHeld();
  return useMutation({
    mutationFn: ({ attendeeName, ...ref }: TicketRef & { attendeeName: string }) =>
      api.patch<Ticket>(ticketPath(ref), { attendeeName }),
    onSuccess: (_ticket, { reservationId }) => refresh(reservationId),
  });
}

/** POST .../transfer `{ email }`: the ticket moves to that account with new codes. */
export function useTransferTicket() {
  const refresh = useRefreshHeld();
  return useMutation({
    mutationFn: ({ email, ...ref }: TicketRef & { email: string }) =>
      api.post<TicketTransferResult>(`${ticketPath(ref)}/transfer`, { email }),
    onSuccess: (_result, { reservationId }) => refresh(reservationId),
  });
}

export function receivedTicketsQueryOptions() {
  return queryOptions({
    queryKey: receivedKeys.all,
    queryFn: ({ signal }) => api.get<ReceivedTicketList>('/api/tickets', { signal }),
  });
}

/** GET /api/tickets: tickets given to this account, newest first. */
export function useReceivedTickets() {
  return useQuery(receivedTicketsQueryOptions());
}
