import { useTranslation } from 'react-i18next';
import { useId, type ReactNode, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';

interface ActionDialogProps {
  open: boolean;
  title: string;
  description: ReactNode;
  /** The fields the action needs (a method, a date). */
  children?: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'error';
  pending: boolean;
  errorText: string | null;
  onConfirm: () => void;
  onClose: () => void;
}

/** A confirmation with a few fields: the admin's actions on a reservation. Enter in a field confirms. */
export function ActionDialog(props: ActionDialogProps) {
  const { t } = useTranslation('admin-reservations');
  const { open, title, description, children, confirmLabel, tone = 'primary', pending, errorText, onConfirm, onClose } = props;
  const titleId = useId();
  const descriptionId = useId();
  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!pending) onConfirm();
  }
  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      fullWidth
      maxWidth="xs"
      slotProps={{ paper: { component: 'form', onSubmit: handleSubmit, noValidate: true } as object }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2.5}>
          <DialogContentText id={descriptionId} component="div">
            {description}
          </DialogContentText>
          {children}
          {errorText !== null && (
            <Alert severity="error" role="alert">
              {errorText}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2.5, flexWrap: 'wrap', gap: 1 }}>
        <Button onClick={onClose} disabled={pending}>
          {t('back')}
        </Button>
        <Button type="submit" variant="contained" color={tone} loading={pending}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
