import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { Ticket } from '@iatichet/contracts';
import { formatDateTime } from '@/lib/format-date';
import { ticketSeatLabel } from '@/lib/reservation-labels';

interface TicketsTableProps {
  tickets: readonly Ticket[];
  /** The attendee cell; by default the name, or a dash. The admin's page puts a text field here. */
  renderAttendee?: (ticket: Ticket, index: number) => ReactNode;
  label?: string;
  /** The event's zone, for when a ticket was checked in. */
  timeZone?: string;
  /** A last column of what the viewer may do with each ticket (the holder's rename and transfer), under this heading. */
  actions?: { label: string; render: (ticket: Ticket, index: number) => ReactNode };
}

/** A reservation's tickets: type, seat (for reserved seating), the name on it, and whether it was used. */
export function TicketsTable({ tickets, renderAttendee, label, timeZone, actions }: TicketsTableProps) {
  const { t } = useTranslation();
  const seated = tickets.some((ticket) => ticket.seat !== null);
  const checkedIn = tickets.some((ticket) => ticket.checkedInAt !== null);
  return (
    <TableContainer component={Paper} variant="outlined" sx={{ borderRadius: 3 }}>
      <Table aria-label={label ?? t('tickets.label')} size="small" sx={{ '& td, & th': { py: 1.25 } }}>
        <TableHead>
          <TableRow>
            <TableCell>{t('tickets.ticket')}</TableCell>
            {seated && <TableCell>{t('tickets.seat')}</TableCell>}
            <TableCell>{t('tickets.attendee')}</TableCell>
            {checkedIn && <TableCell>{t('tickets.checkedIn')}</TableCell>}
            {actions && <TableCell>{actions.label}</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {tickets.map((ticket, index) => (
            <TableRow key={ticket.id}>
              <TableCell sx={{ fontWeight: 600 }}>{ticket.typeName}</TableCell>
              {seated && <TableCell>{ticketSeatLabel(ticket.seat) ?? '—'}</TableCell>}
              <TableCell sx={{ overflowWrap: 'anywhere' }}>
                {renderAttendee?.(ticket, index) ?? ticket.attendeeName ?? (
                  <Typography component="span" color="text.secondary">
                    {t('tickets.noName')}
                  </Typography>
                )}
              </TableCell>
              {checkedIn && (
                <TableCell>
                  {ticket.checkedInAt === null ? t('tickets.notYet') : formatDateTime(ticket.checkedInAt, timeZone)}
                </TableCell>
              )}
              {actions && <TableCell>{actions.render(ticket, index)}</TableCell>}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
