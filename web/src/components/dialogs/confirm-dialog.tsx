import { useTranslation } from 'react-i18next';
import { useId, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  /** The safe choice's label; say what it keeps when "Cancel" would be ambiguous ("Keep reservation"). */
  cancelLabel?: string;
  /** `error` for something hard to undo (disabling an account). */
  tone?: 'primary' | 'error';
  pending?: boolean;
  /** Why the last attempt failed, shown above the buttons. */
  errorText?: string | null;
  onConfirm: () => void;
  onClose: () => void;
  /** Once it has faded out: where the focus goes when the button that opened it is gone. */
  onExited?: () => void;
}

/** "Are you sure?" for an action with consequences. Focus starts on Cancel, the safe choice. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { t } = useTranslation();
  const { open, title, description, confirmLabel, cancelLabel = t('actions.cancel'), tone = 'primary', pending = false } = props;
  const { errorText, onConfirm, onClose, onExited } = props;
  const titleId = useId();
  const descriptionId = useId();
  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      fullWidth
      maxWidth="xs"
      slotProps={{ transition: { onExited } }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={descriptionId} component="div">
          {description}
        </DialogContentText>
        {errorText !== undefined && errorText !== null && (
          <Alert severity="error" role="alert" sx={{ mt: 2 }}>
            {errorText}
          </Alert>
        )}
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2.5, flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={onClose} disabled={pending} autoFocus>
          {cancelLabel}
        </Button>
        <Button variant="contained" color={tone} onClick={onConfirm} loading={pending}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
