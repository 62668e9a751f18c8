/**
 * "Have a code?" on the event page: applies a discount or access code live. The applied code lives
 * in the page's URL (`?code=`), so a link from the organizer opens the event with it applied and
 * a reload keeps it; a code the server refuses is said next to the field and nothing else changes.
 */
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';

interface CodeFieldProps {
  /** The code in the URL, applied or being checked. */
  code: string | null;
  status: 'idle' | 'checking' | 'applied' | 'invalid' | 'failed';
  onApply: (code: string | null) => void;
}

export function CodeField({ code, status, onApply }: CodeFieldProps) {
  const { t } = useTranslation('codes');
  const [text, setText] = useState(code ?? '');
  const apply = (submitEvent: SyntheticEvent) => {
    submitEvent.preventDefault();
    const trimmed = text.trim();
    onApply(trimmed === '' ? null : trimmed);
  };
  const helper = status === 'invalid' ? t('field.invalid') : status === 'failed' ? t('field.failed') : undefined;
  return (
    // Not a nested <form>: the ticket form around it would receive the submit.
    <Box role="group" aria-label={t('field.group')} sx={{ mb: 3 }}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1.5} sx={{ alignItems: { sm: 'flex-start' } }}>
        <TextField
          label={t('field.label')}
          value={text}
          size="small"
          onChange={(changeEvent) => setText(changeEvent.target.value)}
          onKeyDown={(keyEvent) => {
            if (keyEvent.key === 'Enter') apply(keyEvent);
          }}
          error={status === 'invalid'}
          helperText={helper}
          slotProps={{ htmlInput: { maxLength: 40, autoCapitalize: 'characters', spellCheck: false } }}
          sx={{ flexGrow: 1, maxWidth: { sm: 320 }, '& .MuiInputBase-root': { minHeight: 44 } }}
        />
        <Button variant="outlined" onClick={apply} loading={status === 'checking'} sx={{ minHeight: 44 }}>
          {t('field.apply')}
        </Button>
        {code !== null && (
          <Button
            variant="text"
            onClick={() => {
              setText('');
              onApply(null);
            }}
            sx={{ minHeight: 44 }}
          >
            {t('field.remove')}
          </Button>
        )}
      </Stack>
      {status === 'applied' && (
        <Alert severity="success" sx={{ mt: 1.5 }}>
          {t('field.appliedLong', { code })}
        </Alert>
      )}
    </Box>
  );
}
