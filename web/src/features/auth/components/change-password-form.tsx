import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import { useRef, useState, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { PASSWORD_MIN_LENGTH } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { useChangePassword } from '../api/change-password';
import { PasswordField } from './password-field';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;

function checkPasswords(current: string, next: string, confirm: string): Record<string, string> {
  const found: Record<string, string> = {};
  if (current === '') found.currentPassword = i18next.t('auth:password.currentRequired');
  if (next.length < PASSWORD_MIN_LENGTH) found.newPassword = i18next.t('auth:password.tooShort', { count: PASSWORD_MIN_LENGTH });
  else if (next === current) found.newPassword = i18next.t('auth:password.same');
  if (confirm !== next) found.confirmPassword = i18next.t('auth:password.mismatch');
  return found;
}

// Module level so React sees the same ref callback every render and calls it only on mount.
const focusOnMount = (element: HTMLElement | null) => element?.focus();

export function ChangePasswordForm() {
  const { t } = useTranslation('auth');
  const changePassword = useChangePassword();
  const { errors, startAttempt, markEdited } = useFormErrors(changePassword.error);
  const formRef = useRef<HTMLFormElement>(null);
  const [attempts, setAttempts] = useState(0);
  useFocusFirstInvalid(formRef, attempts);

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const currentPassword = formText(data, 'currentPassword');
    const newPassword = formText(data, 'newPassword');
    const found = checkPasswords(currentPassword, newPassword, formText(data, 'confirmPassword'));
    startAttempt(found);
    if (Object.keys(found).length > 0) {
      changePassword.reset();
      setAttempts((count) => count + 1);
      return;
    }
    changePassword.mutate(
      { currentPassword, newPassword },
      { onSuccess: () => form.reset(), onError: () => setAttempts((count) => count + 1) },
    );
  }

  return (
    <>
      {changePassword.isSuccess && (
        <Alert
          severity="success"
          role="status"
          tabIndex={-1}
          // Focus moves here when it appears: the submit button that had it was disabled while saving.
          ref={focusOnMount}
          sx={{ mb: 2 }}
          onClose={() => changePassword.reset()}
        >
          {t('password.changed')}
        </Alert>
      )}
      <form
        ref={formRef}
        noValidate
        aria-label={t('password.title')}
        onSubmit={handleSubmit}
        onChange={(event) => markEdited(fieldNameOf(event.target))}
      >
        <Stack spacing={2.5}>
          <FormErrorAlert error={changePassword.error} fieldNames={FIELDS} />
          <PasswordField
            name="currentPassword"
            label={t('password.current')}
            autoComplete="current-password"
            required
            fullWidth
            error={errors.currentPassword !== undefined}
            helperText={errors.currentPassword}
          />
          <PasswordField
            name="newPassword"
            label={t('password.new')}
            autoComplete="new-password"
            required
            fullWidth
            error={errors.newPassword !== undefined}
            helperText={errors.newPassword ?? t('password.help', { count: PASSWORD_MIN_LENGTH })}
          />
          <PasswordField
            name="confirmPassword"
            label={t('password.repeat')}
            autoComplete="new-password"
            required
            fullWidth
            error={errors.confirmPassword !== undefined}
            helperText={errors.confirmPassword}
          />
          <Button
            type="submit"
            variant="contained"
            loading={changePassword.isPending}
            sx={{ alignSelf: { xs: 'stretch', sm: 'flex-start' } }}
          >
            {t('password.title')}
          </Button>
        </Stack>
      </form>
    </>
  );
}
