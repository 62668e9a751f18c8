/** A small dialog that is one form: title, content, and its buttons, Escape and backdrop closing it unless busy. */
import { useId, type ReactNode, type SubmitEvent } from 'react';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';

interface FormDialogProps {
  title: string;
  /** The id of the text that explains the dialog (read after its title). */
  describedBy: string;
  /** A request is on its way: the dialog stays until it answers. */
  pending: boolean;
  onClose: () => void;
  onSubmit: (event: SubmitEvent<HTMLFormElement>) => void;
  children: ReactNode;
  actions: ReactNode;
}

export function FormDialog({ title, describedBy, pending, onClose, onSubmit, children, actions }: FormDialogProps) {
  const titleId = useId();
  return (
    <Dialog
      open
      onClose={pending ? undefined : onClose}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
      fullWidth
      maxWidth="xs"
    >
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>{children}</DialogContent>
        <DialogActions sx={{ px: 3, pb: 2.5, flexWrap: 'wrap', gap: 1 }}>{actions}</DialogActions>
      </form>
    </Dialog>
  );
}
