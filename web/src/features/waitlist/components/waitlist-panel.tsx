/**
 * On the event page, for each sold-out general-admission ticket type: "Join the waiting list" with
 * a quantity, or, once joined, the person's place in line (kept live, see use-live-positions.ts)
 * and a way to leave; an offer links straight to its checkout. Shown only while the event is on
 * sale and its organizer keeps the list on.
 */
import { useTranslation } from 'react-i18next';
import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import HourglassTopRoundedIcon from '@mui/icons-material/HourglassTopRounded';
import type { CatalogEvent, TicketType, WaitlistEntry } from '@iatichet/contracts';
import { errorMessage } from '@/lib/error-messages';
import { useMyWaitlist } from '../api/get-my-waitlist';
import { useJoinWaitlist } from '../api/join-waitlist';
import { useLeaveWaitlist } from '../api/leave-waitlist';
import { PayOfferButton } from './pay-offer-button';
import { useLivePositions } from '../api/use-live-positions';

interface WaitlistPanelProps {
  event: CatalogEvent;
  signedIn: boolean;
  /** Sends a signed-out visitor to sign in and back. */
  onSignIn: () => void;
}

const LIVE = new Set(['waiting', 'offered']);

function onSale(event: CatalogEvent): boolean {
  const now = Date.now();
  return (
    event.status === 'published' &&
    (event.salesStartAt === null || Date.parse(event.salesStartAt) <= now) &&
    Date.parse(event.salesEndAt ?? event.endsAt) > now
  );
}

export function WaitlistPanel({ event, signedIn, onSignIn }: WaitlistPanelProps) {
  const { t } = useTranslation('waitlist');
  // A hidden type (shown with its access code) has no waiting list: an offer would sell it without the code.
  const soldOut = event.ticketTypes.filter((type) => type.remaining <= 0 && !type.hidden);
  const shown = event.seating === 'general' && event.waitlist?.enabled !== false && onSale(event) && soldOut.length > 0;
  const mine = useMyWaitlist(shown && signedIn);
  useLivePositions(event.id, shown && signedIn);
  if (!shown) return null;
  const entries = (mine.data ?? []).filter((entry) => entry.event.id === event.id && LIVE.has(entry.status));
  return (
    <Paper
      component="section"
      aria-labelledby="waitlist-heading"
      variant="outlined"
      sx={{ mt: 3, p: { xs: 2, sm: 3 }, borderRadius: 3 }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <HourglassTopRoundedIcon aria-hidden="true" color="primary" />
        <Typography id="waitlist-heading" component="h3" variant="h6">
          {t('panel.title')}
        </Typography>
      </Stack>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('panel.intro')}
      </Typography>
      {mine.isError && <Alert severity="error">{errorMessage(mine.error)}</Alert>}
      <Stack spacing={2}>
        {soldOut.map((type) => (
          <TypeRow
            key={type.id}
            event={event}
            type={type}
            entry={entries.find((entry) => entry.ticketTypeId === type.id)}
            loading={signedIn && mine.isPending}
            signedIn={signedIn}
            onSignIn={onSignIn}
          />
        ))}
      </Stack>
    </Paper>
  );
}

interface TypeRowProps {
  event: CatalogEvent;
  type: TicketType;
  entry: WaitlistEntry | undefined;
  loading: boolean;
  signedIn: boolean;
  onSignIn: () => void;
}

function TypeRow({ event, type, entry, loading, signedIn, onSignIn }: TypeRowProps) {
  const { t } = useTranslation('waitlist');
  const [quantity, setQuantity] = useState(1);
  const join = useJoinWaitlist(event.id);
  const leave = useLeaveWaitlist();
  const error = join.error ?? leave.error;
  const box = { p: 2, border: 1, borderColor: 'divider', borderRadius: 2.5 };
  // Joining or leaving swaps the pressed button for another one (join <-> leave): the focus follows
  // it there, or it would fall to the top of the page with the button that went away.
  const action = useRef<HTMLButtonElement>(null);
  const followFocus = useRef(false);
  const entryId = entry?.id;
  useEffect(() => {
    if (!followFocus.current) return;
    followFocus.current = false;
    action.current?.focus();
  }, [entryId]);

  if (entry?.status === 'offered' && entry.reservationId !== null)
    return (
      <Box sx={box}>
        <Alert severity="success" sx={{ mb: 1.5 }}>
          {t('panel.offered', { type: type.name, count: entry.quantity })}
        </Alert>
        <PayOfferButton reservationId={entry.reservationId} />
      </Box>
    );
  if (entry !== undefined)
    return (
      <Box sx={box}>
        <Typography sx={{ fontWeight: 700 }}>{type.name}</Typography>
        <Typography role="status" sx={{ mt: 0.5 }}>
          {t('panel.position', { position: entry.position ?? 1, count: entry.quantity })}
        </Typography>
        {error !== null && (
          <Alert severity="error" sx={{ mt: 1.5 }}>
            {errorMessage(error)}
          </Alert>
        )}
        <Button
          variant="outlined"
          ref={action}
          onClick={() => {
            followFocus.current = true;
            leave.mutate(entry.id, { onError: () => (followFocus.current = false) });
          }}
          loading={leave.isPending}
          sx={{ mt: 1.5, minHeight: 44 }}
        >
          {t('panel.leave')}
        </Button>
      </Box>
    );
  return (
    <Box
      component="form"
      aria-label={t('panel.joinFor', { type: type.name })}
      onSubmit={(submitEvent) => {
        submitEvent.preventDefault();
        if (!signedIn) onSignIn();
        else {
          followFocus.current = true;
          join.mutate({ ticketTypeId: type.id, quantity }, { onError: () => (followFocus.current = false) });
        }
      }}
      sx={box}
    >
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
        <Typography sx={{ fontWeight: 700, flexGrow: 1 }}>{type.name}</Typography>
        <TextField
          select
          label={t('panel.quantity')}
          value={String(quantity)}
          onChange={(changeEvent) => setQuantity(Number(changeEvent.target.value))}
          slotProps={{ htmlInput: { 'aria-label': t('panel.quantityFor', { type: type.name }) }, select: { native: true } }}
          sx={{ width: { xs: '100%', sm: 96 } }}
        >
          {Array.from({ length: event.maxTicketsPerOrder }, (_, i) => (
            <option key={i + 1} value={i + 1}>
              {i + 1}
            </option>
          ))}
        </TextField>
        <Button
          ref={action}
          type="submit"
          variant="contained"
          size="large"
          loading={join.isPending || loading}
          sx={{ minHeight: 44 }}
        >
          {t('panel.join')}
        </Button>
      </Stack>
      {error !== null && (
        <Alert severity="error" sx={{ mt: 1.5 }}>
          {errorMessage(error)}
        </Alert>
      )}
    </Box>
  );
}
