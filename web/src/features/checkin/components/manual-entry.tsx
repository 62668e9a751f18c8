/** Typing or pasting a ticket's code, for a damaged code, a dark corner or a phone without a camera. */
import { useState, type SubmitEvent } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { CHECKIN_NS } from '@/i18n/checkin-namespace';

interface ManualEntryProps {
  onCode: (code: string) => void;
  busy: boolean;
}

export function ManualEntry({ onCode, busy }: ManualEntryProps) {
  const { t } = useTranslation(CHECKIN_NS);
  const [code, setCode] = useState('');
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Codes are uppercase letters and digits; spaces and line breaks come from copying a printed one.
    const cleaned = code.replace(/\s+/g, '').toUpperCase();
    if (cleaned === '') return;
    onCode(cleaned);
    setCode('');
  };
  return (
    <Stack
      component="form"
      aria-label={t('manual.formLabel')}
      onSubmit={submit}
      direction={{ xs: 'column', sm: 'row' }}
      spacing={1.5}
    >
      <TextField
        label={t('manual.codeLabel')}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'characters', maxLength: 400 } }}
        helperText={t('manual.codeHelp')}
        fullWidth
      />
      <Button
        type="submit"
        variant="contained"
        size="large"
        disabled={busy}
        sx={{ alignSelf: { sm: 'flex-start' }, minHeight: 56, px: 4 }}
      >
        {t('manual.submit')}
      </Button>
    </Stack>
  );
}
