/**
 * The paid reservation's tickets as a PDF: a plain link, so the browser streams the file to disk
 * itself (with the session cookie) and a phone opens it in its own viewer. A4 prints; the phone
 * size fills a phone screen at the door.
 */
import { useTranslation } from 'react-i18next';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import DownloadRoundedIcon from '@mui/icons-material/DownloadRounded';
import PhoneIphoneRoundedIcon from '@mui/icons-material/PhoneIphoneRounded';
import type { Reservation } from '@iatichet/contracts';

export function ticketsPdfHref(reservationId: string, size: 'a4' | 'phone' = 'a4'): string {
  const base = `/api/reservations/${encodeURIComponent(reservationId)}/tickets.pdf`;
  return size === 'a4' ? base : `${base}?size=phone`;
}

export function TicketsDownload({ reservation }: { reservation: Reservation }) {
  const { t } = useTranslation('reservations');
  const count = reservation.tickets.filter((ticket) => ticket.transferred !== true).length;
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5}>
      <Button
        variant="contained"
        startIcon={<DownloadRoundedIcon />}
        href={ticketsPdfHref(reservation.id)}
        download={`tickets-${reservation.code}.pdf`}
      >
        {t('download.pdf', { count })}
      </Button>
      <Button
        variant="outlined"
        startIcon={<PhoneIphoneRoundedIcon />}
        href={ticketsPdfHref(reservation.id, 'phone')}
        download={`tickets-${reservation.code}-phone.pdf`}
      >
        {t('download.phone')}
      </Button>
    </Stack>
  );
}
