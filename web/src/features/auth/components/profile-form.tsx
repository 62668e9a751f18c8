import { useRef, useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { Locale, User } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { useUpdateProfile } from '../api/update-profile';
import { PROFILE_TEXT } from '../email-strings';

const FIELDS = ['name', 'locale'] as const;
const LANGUAGES: { value: Locale; label: string }[] = [
  { value: 'en', label: 'English' },
  { value: 'ro', label: 'Română' },
];

/** The signed-in person's name (as printed on tickets) and the language of their emails. */
export function ProfileForm({ user }: { user: User }) {
  const update = useUpdateProfile();
  const { errors, startAttempt, markEdited } = useFormErrors(update.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  const [locale, setLocale] = useState<Locale>(user.locale);
  useFocusFirstInvalid(formRef, attempts);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = formText(new FormData(event.currentTarget), 'name').trim();
    const found: Record<string, string> = name === '' ? { name: PROFILE_TEXT.nameMissing } : {};
    startAttempt(found);
    if (name === '') {
      update.reset();
      setAttempts((count) => count + 1);
      return;
    }
    update.mutate({ name, locale }, { onError: () => setAttempts((count) => count + 1) });
  }

  return (
    <form
      ref={formRef}
      noValidate
      aria-label={PROFILE_TEXT.formLabel}
      onSubmit={handleSubmit}
      onChange={(event) => {
        markEdited(fieldNameOf(event.target));
        update.reset();
      }}
    >
      <Stack spacing={2.5}>
        {update.isSuccess && (
          <Alert severity="success" role="status">
            {PROFILE_TEXT.saved}
          </Alert>
        )}
        <FormErrorAlert error={update.error} fieldNames={FIELDS} />
        <TextField
          name="name"
          label={PROFILE_TEXT.name}
          defaultValue={user.name}
          autoComplete="name"
          required
          fullWidth
          error={errors.name !== undefined}
          helperText={errors.name ?? PROFILE_TEXT.nameHelp}
        />
        <TextField
          select
          name="locale"
          label={PROFILE_TEXT.language}
          value={locale}
          onChange={(event) => setLocale(event.target.value as Locale)}
          fullWidth
          error={errors.locale !== undefined}
          helperText={errors.locale ?? PROFILE_TEXT.languageHelp}
        >
          {LANGUAGES.map((language) => (
            <MenuItem key={language.value} value={language.value}>
              {language.label}
            </MenuItem>
          ))}
        </TextField>
        <Button
          type="submit"
          variant="contained"
          loading={update.isPending}
          sx={{ alignSelf: { xs: 'stretch', sm: 'flex-start' } }}
        >
          {PROFILE_TEXT.save}
        </Button>
      </Stack>
    </form>
  );
}
