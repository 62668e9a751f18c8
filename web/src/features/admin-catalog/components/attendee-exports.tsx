/**
 * The event's attendee lists for the organiser: CSV and XLSX for spreadsheets, and a printable PDF
 * check-in list with every paid ticket's QR code. Plain links: the browser streams the file itself.
 */
import { useTranslation } from 'react-i18next';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import DownloadRoundedIcon from '@mui/icons-material/DownloadRounded';

const FORMATS = [
  { format: 'csv', label: 'exports.csv' },
  { format: 'xlsx', label: 'exports.xlsx' },
  { format: 'pdf', label: 'exports.pdf' },
] as const;

export function attendeesHref(eventId: string, format: 'csv' | 'xlsx' | 'pdf'): string {
  return `/api/admin/events/${encodeURIComponent(eventId)}/attendees.${format}`;
}

export function AttendeeExports({ eventId }: { eventId: string }) {
  const { t } = useTranslation('admin-catalog');
  return (
    <Stack spacing={1.5}>
      <Typography color="text.secondary" variant="body2">
        {t('exports.text')}
      </Typography>
      {FORMATS.map(({ format, label }) => (
        <Button
          key={format}
          variant="outlined"
          startIcon={<DownloadRoundedIcon />}
          href={attendeesHref(eventId, format)}
          download
        >
          {t(label)}
        </Button>
      ))}
    </Stack>
  );
}
