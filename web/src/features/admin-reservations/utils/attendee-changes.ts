import type { Ticket } from '@iatichet/contracts';

/** The tickets whose name in the form differs from the saved one (spaces around a name do not count). */
export function changedAttendees(
  tickets: readonly Pick<Ticket, 'id' | 'attendeeName'>[],
  names: Readonly<Record<string, string>>,
): { ticketId: string; name: string }[] {
  return tickets.flatMap((ticket) => {
    const name = names[ticket.id];
    if (name === undefined || name.trim() === (ticket.attendeeName ?? '').trim()) return [];
    return [{ ticketId: ticket.id, name }];
  });
}
