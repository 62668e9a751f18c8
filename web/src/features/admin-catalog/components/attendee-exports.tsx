/**
 * The event's attendee lists for the organiser: CSV and XLSX for spreadsheets, and a printable PDF
 * check-in list with every paid ticket's QR code. Plain links: the browser streams the file itself.
 */
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import DownloadRoundedIcon from '@mui/icons-material/DownloadRounded';

const FORMATS = [
  { format: 'csv', label: 'Attendees (CSV)' },
  { format: 'xlsx', label: 'Attendees (Excel)' },
  { format: 'pdf', label: 'Check-in list (PDF)' },
] as const;

export function attendeesHref(eventId: string, format: 'csv' | 'xlsx' | 'pdf'): string {
  return `/api/admin/events/${encodeURIComponent(eventId)}/attendees.${format}`;
}

export function AttendeeExports({ eventId }: { eventId: string }) {
  return (
    <Stack spacing={1.5}>
      <Typography color="text.secondary" variant="body2">
        One row a ticket, with its QR code text, buyer, seat, status and check-in time. Each download is noted in the audit log.
      </Typography>
      {FORMATS.map(({ format, label }) => (
        <Button
          key={format}
          variant="outlined"
          startIcon={<DownloadRoundedIcon />}
          href={attendeesHref(eventId, format)}
          download
        >
          {label}
        </Button>
      ))}
    </Stack>
  );
}
