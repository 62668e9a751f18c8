import TextField from '@mui/material/TextField';

/** The email input of every account form, showing the server's message for it when there is one. */
export function EmailField({ error }: { error: string | undefined }) {
  return (
    <TextField
      name="email"
      label="Email"
      type="email"
      autoComplete="email"
      required
      fullWidth
      error={error !== undefined}
      helperText={error}
    />
  );
}
