/**
 * What the holder of one ticket may do with it before the event starts: change the name on it and
 * give it to someone else. Shows why not once it cannot (used, given away, started).
 */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import EditRoundedIcon from '@mui/icons-material/EditRounded';
import SendRoundedIcon from '@mui/icons-material/SendRounded';
import type { Ticket } from '@iatichet/contracts';
import { useHasPassed } from '@/lib/use-has-passed';
import { AttendeeNameDialog } from './attendee-name-dialog';
import { TransferTicketDialog } from './transfer-ticket-dialog';

interface TicketActionsProps {
  ticket: Ticket;
  /** 1-based, for the buttons' names ("Transfer ticket 2, Standard"). */
  number: number;
  reservationId: string;
  event: { title: string; startsAt: string };
}

export function TicketActions({ ticket, number, reservationId, event }: TicketActionsProps) {
  const { t } = useTranslation('transfers');
  const started = useHasPassed(event.startsAt);
  const [open, setOpen] = useState<'rename' | 'transfer' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const ref = { reservationId, ticketId: ticket.id };
  const words = { number, type: ticket.typeName };

  let content;
  if (ticket.transferred === true)
    content = (
      <Typography variant="body2" color="text.secondary">
        <strong>{t('actions.transferred')}</strong> · {t('actions.transferredHint')}
      </Typography>
    );
  else if (started)
    content = (
      <Typography variant="body2" color="text.secondary">
        {t('actions.closedStarted')}
      </Typography>
    );
  else
    content = (
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button
          size="small"
          variant="outlined"
          startIcon={<EditRoundedIcon />}
          aria-label={t('actions.renameFor', words)}
          onClick={() => setOpen('rename')}
          sx={{ minHeight: 44 }}
        >
          {t('actions.rename')}
        </Button>
        {ticket.checkedInAt === null ? (
          <Button
            size="small"
            variant="outlined"
            startIcon={<SendRoundedIcon />}
            aria-label={t('actions.transferFor', words)}
            onClick={() => setOpen('transfer')}
            sx={{ minHeight: 44 }}
          >
            {t('actions.transfer')}
          </Button>
        ) : (
          <Typography variant="body2" color="text.secondary" sx={{ alignSelf: 'center' }}>
            {t('actions.used')}
          </Typography>
        )}
      </Stack>
    );

  return (
    <>
      {content}
      {open === 'rename' && (
        <AttendeeNameDialog
          ticket={{ ...ref, attendeeName: ticket.attendeeName }}
          onClose={() => setOpen(null)}
          onSaved={(name) => {
            setOpen(null);
            setSaved(name);
          }}
        />
      )}
      {open === 'transfer' && (
        <TransferTicketDialog
          ticket={{ ...ref, typeName: ticket.typeName, eventTitle: event.title }}
          onClose={() => setOpen(null)}
        />
      )}
      <Snackbar
        open={saved !== null}
        message={saved === null ? '' : t('rename.saved', { name: saved })}
        autoHideDuration={5000}
        onClose={() => setSaved(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      />
    </>
  );
}
