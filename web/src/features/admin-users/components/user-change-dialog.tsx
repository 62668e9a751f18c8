import i18next from 'i18next';
import { useState } from 'react';
import type { User } from '@iatichet/contracts';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { isApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/error-messages';
import { useUpdateUser } from '../api/update-user';
import { changePatch, describeChange, type UserChange } from './user-change';

function failureText(error: unknown): string | null {
  if (error === null) return null;
  // The only conflict this endpoint has: the change would leave the site without an active admin.
  if (isApiError(error) && error.code === 'conflict') return i18next.t('admin-users:lastAdmin');
  return errorMessage(error);
}

interface UserChangeDialogProps {
  /** The account and the change waiting for confirmation; null when the dialog is closed. */
  pending: { user: User; change: UserChange } | null;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function UserChangeDialog({ pending, onClose, onDone }: UserChangeDialogProps) {
  const update = useUpdateUser();
  const close = () => {
    update.reset();
    onClose();
  };
  // The last change shown stays in the dialog while it fades out after `pending` became null.
  const [shown, setShown] = useState(pending);
  if (pending !== null && pending !== shown) setShown(pending);
  const words = shown === null ? null : describeChange(shown.change, shown.user);

  return (
    <ConfirmDialog
      open={pending !== null}
      title={words?.title ?? ''}
      description={words?.description ?? ''}
      confirmLabel={words?.confirmLabel ?? i18next.t('admin-users:confirm')}
      tone={words?.tone}
      pending={update.isPending}
      errorText={failureText(update.error)}
      onClose={close}
      onConfirm={() => {
        if (shown === null || words === null) return;
        update.mutate(
          { id: shown.user.id, patch: changePatch(shown.change) },
          {
            onSuccess: () => {
              update.reset();
              onDone(words.done);
            },
          },
        );
      }}
    />
  );
}
