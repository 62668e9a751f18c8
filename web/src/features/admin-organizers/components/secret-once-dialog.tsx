/** A secret the server shows once (an API token, a webhook signing secret): copy it now, or make a new one. */
import { useTranslation } from 'react-i18next';
import { useId, useState, type RefObject } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import ContentCopyRoundedIcon from '@mui/icons-material/ContentCopyRounded';

interface SecretOnceDialogProps {
  /** The secret; null closes the dialog. */
  secret: string | null;
  title: string;
  label: string;
  onClose: () => void;
  /**
   * Where the focus goes once the dialog is gone: the form's button that opened it was disabled
   * while the server answered, so the focus has nowhere to come back to.
   */
  focusAfter?: RefObject<HTMLElement | null>;
}

export function SecretOnceDialog({ secret, title, label, onClose, focusAfter }: SecretOnceDialogProps) {
  const { t } = useTranslation('admin-organizers');
  const titleId = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  const copy = async () => {
    if (secret === null) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  const close = () => {
    setCopied(null);
    onClose();
  };

  return (
    <Dialog
      open={secret !== null}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      slotProps={{ transition: { onExited: () => focusAfter?.current?.focus() } }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('secret.warning')}
        </Alert>
        <TextField
          label={label}
          value={secret ?? ''}
          fullWidth
          slotProps={{ htmlInput: { readOnly: true, spellCheck: false, style: { fontFamily: 'monospace' } } }}
          onFocus={(event) => event.target.select()}
        />
        <Button startIcon={<ContentCopyRoundedIcon />} onClick={() => void copy()} sx={{ mt: 1.5, minHeight: 44 }}>
          {t('secret.copy')}
        </Button>
        <span role="status">{copied === 'yes' ? t('secret.copied') : copied === 'failed' ? t('secret.copyFailed') : ''}</span>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2.5 }}>
        <Button variant="contained" onClick={close} sx={{ minHeight: 44 }}>
          {t('secret.done')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
