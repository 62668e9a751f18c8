/**
 * What can happen to an event next, by its status: publish a draft, cancel it, delete a draft.
 * Every one of them asks first; cancelling and deleting cannot be undone.
 */
import { useState } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { CatalogEvent } from '@iatichet/contracts';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { paths } from '@/config/paths';
import { eventTimeZone, formatEventTime } from '@/lib/format-event-time';
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

export function EventActions({ event, dirty, onNotice }: EventActionsProps) {
  const { t } = useTranslation('admin-catalog');
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
          void navigate(`${paths.adminEvents.getHref()}?status=draft`, {
            state: { notice: t('actions.deleted', { title: event.title }) },
          }),
      });
    } else if (pending !== null) {
      change.mutate(
        { id: event.id, action: pending },
        {
          onSuccess: (changed) => {
            setPending(null);
            if (pending === 'publish') onNotice(t('actions.published'));
            else onNotice(changed.cancellation ? cancellationSummary(changed.cancellation) : t('actions.cancelled'));
          },
        },
      );
    }
  }

  const dialog = {
    publish: {
      title: t('actions.publishTitle'),
      description:
        event.salesStartAt === null
          ? t('actions.publishNow', { title: event.title })
          : t('actions.publishLater', {
              title: event.title,
              when: formatEventTime(event.salesStartAt, undefined, eventTimeZone(event)),
            }),
      confirmLabel: t('actions.publish'),
      tone: 'primary' as const,
    },
    cancel: {
      title: t('actions.cancelTitle'),
      description: t('actions.cancelText'),
      confirmLabel: t('actions.cancelEvent'),
      tone: 'error' as const,
    },
    delete: {
      title: t('actions.deleteTitle'),
      description: t('actions.deleteText', { title: event.title }),
      confirmLabel: t('actions.deleteDraft'),
      tone: 'error' as const,
    },
  };
  const current = dialog[shown];

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography sx={{ fontWeight: 700 }}>{t('actions.status')}</Typography>
        <EventStatusChip status={event.status} />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {t(`actions.statusText.${event.status}`)}
      </Typography>
      {event.status === 'draft' && (
        <Button variant="contained" color="secondary" onClick={() => open('publish')} disabled={dirty}>
          {t('actions.publish')}
        </Button>
      )}
      {event.status === 'draft' && dirty && (
        <Typography variant="body2" color="text.secondary">
          {t('actions.saveBeforePublish')}
        </Typography>
      )}
      {event.status === 'published' && (
        <Button variant="outlined" component={RouterLink} to={paths.event.getHref(event.id)}>
          {t('actions.viewPublic')}
        </Button>
      )}
      {event.status !== 'cancelled' && (
        <Button variant="outlined" color="error" onClick={() => open('cancel')}>
          {t('actions.cancelEvent')}
        </Button>
      )}
      {event.status === 'draft' && (
        <Button color="error" onClick={() => open('delete')}>
          {t('actions.deleteDraft')}
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
