/**
 * What can happen to an event next, by its status: publish a draft, cancel it, delete a draft.
 * Every one of them asks first; cancelling and deleting cannot be undone.
 */
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { CatalogEvent } from '@iatichet/contracts';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { paths } from '@/config/paths';
import { formatEventTime } from '@/lib/format-event-time';
import { cancellationSummary, useChangeEventStatus, useDeleteEvent } from '../api/event-lifecycle';
import { problemText } from '../utils/problem-text';
import { EventStatusChip } from './event-status-chip';

type Pending = 'publish' | 'cancel' | 'delete' | null;

interface EventActionsProps {
  event: CatalogEvent;
  /** The form has changes not saved yet: publishing now would publish the saved version. */
  dirty: boolean;
  onNotice: (message: string) => void;
}

const STATUS_TEXT = {
  draft: 'Only admins can see a draft. Publish it to put it on sale.',
  published: 'On sale and visible to everyone.',
  cancelled: 'Cancelled: reservations were cancelled and paid ones refunded.',
} as const;

export function EventActions({ event, dirty, onNotice }: EventActionsProps) {
  const [pending, setPending] = useState<Pending>(null);
  // The dialog keeps its words while it fades out after closing.
  const [shown, setShown] = useState<Exclude<Pending, null>>('publish');
  const change = useChangeEventStatus();
  const remove = useDeleteEvent();
  const navigate = useNavigate();
  const busy = change.isPending || remove.isPending;
  const error = pending === 'delete' ? remove.error : change.error;

  function open(action: Pending) {
    change.reset();
    remove.reset();
    if (action !== null) setShown(action);
    setPending(action);
  }

  function confirm() {
    if (pending === 'delete') {
      remove.mutate(event.id, {
        onSuccess: () =>
          void navigate(`${paths.adminEvents.getHref()}?status=draft`, { state: { notice: `“${event.title}” was deleted.` } }),
      });
    } else if (pending !== null) {
      change.mutate(
        { id: event.id, action: pending },
        {
          onSuccess: (changed) => {
            setPending(null);
            if (pending === 'publish') onNotice('Published: the event is on sale.');
            else onNotice(changed.cancellation ? cancellationSummary(changed.cancellation) : 'The event was cancelled.');
          },
        },
      );
    }
  }

  const dialog = {
    publish: {
      title: 'Publish this event?',
      description: `“${event.title}” becomes visible to everyone${event.salesStartAt === null ? ' and goes on sale now' : `, with ticket sales opening ${formatEventTime(event.salesStartAt)}`}. Its seating and currency cannot change afterwards.`,
      confirmLabel: 'Publish',
      tone: 'primary' as const,
    },
    cancel: {
      title: 'Cancel this event?',
      description:
        'Every reservation for it is cancelled, paid ones are refunded, and ticket holders are told. This cannot be undone.',
      confirmLabel: 'Cancel event',
      tone: 'error' as const,
    },
    delete: {
      title: 'Delete this draft?',
      description: `“${event.title}” is removed for good.`,
      confirmLabel: 'Delete draft',
      tone: 'error' as const,
    },
  };
  const current = dialog[shown];

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography sx={{ fontWeight: 700 }}>Status</Typography>
        <EventStatusChip status={event.status} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {STATUS_TEXT[event.status]}
      </Typography>
      {event.status === 'draft' && (
        <Button variant="contained" color="secondary" onClick={() => open('publish')} disabled={dirty}>
          Publish
        </Button>
      )}
      {event.status === 'draft' && dirty && (
        <Typography variant="body2" color="text.secondary">
          Save your changes before publishing.
        </Typography>
      )}
      {event.status === 'published' && (
        <Button variant="outlined" component={RouterLink} to={paths.event.getHref(event.id)}>
          View public page
        </Button>
      )}
      {event.status !== 'cancelled' && (
        <Button variant="outlined" color="error" onClick={() => open('cancel')}>
          Cancel event
        </Button>
      )}
      {event.status === 'draft' && (
        <Button color="error" onClick={() => open('delete')}>
          Delete draft
        </Button>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={current.title}
        description={current.description}
        confirmLabel={current.confirmLabel}
        tone={current.tone}
        pending={busy}
        errorText={error === null ? null : problemText(error)}
        onConfirm={confirm}
        onClose={() => setPending(null)}
      />
    </Stack>
  );
}
