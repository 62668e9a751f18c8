import Snackbar from '@mui/material/Snackbar';

/** A short confirmation at the bottom of the screen ("Changes saved"), read out by screen readers. */
export function NoticeSnackbar({ notice, onClose }: { notice: string | null; onClose: () => void }) {
  return (
    <Snackbar
      open={notice !== null}
      message={notice}
      autoHideDuration={6000}
      onClose={(_event, reason) => reason !== 'clickaway' && onClose()}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
    />
  );
}
