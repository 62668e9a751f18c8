/** Changing a code's spelling or terms in a dialog; its uses stay as they are. */
import { useTranslation } from 'react-i18next';
import type { SubmitEvent } from 'react';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import type { CatalogEvent, DiscountCode } from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { fieldNameOf, formText, useFormErrors } from '@/components/forms/use-form-errors';
import { useUpdateCode } from '../api/codes';
import { readTerms } from '../utils/code-form-values';
import { CodeTermsFields } from './code-terms-fields';

export function EditCodeDialog({
  event,
  code,
  onClose,
}: {
  event: CatalogEvent;
  code: DiscountCode | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('codes');
  const update = useUpdateCode(event.id);
  const { errors, startAttempt, markEdited } = useFormErrors(update.error);
  const submit = (submitEvent: SubmitEvent<HTMLFormElement>) => {
    submitEvent.preventDefault();
    if (code === null) return;
    const data = new FormData(submitEvent.currentTarget);
    const { terms, problems } = readTerms(data);
    const found: Record<string, string> = Object.fromEntries(
      Object.entries(problems).map(([k, v]) => [k, t(`admin.problem.${v}`)]),
    );
    const text = formText(data, 'code').trim();
    if (!/^[A-Za-z0-9_-]{3,40}$/.test(text)) found.code = t('admin.problem.code');
    startAttempt(found);
    if (Object.keys(found).length > 0) return;
    update.mutate({ id: code.id, patch: { code: text, ...terms } }, { onSuccess: onClose });
  };
  return (
    <Dialog
      open={code !== null}
      onClose={update.isPending ? undefined : onClose}
      fullWidth
      maxWidth="md"
      aria-labelledby="edit-code-title"
    >
      {code !== null && (
        <form noValidate onSubmit={submit} onInput={(e) => markEdited(fieldNameOf(e.target))}>
          <DialogTitle id="edit-code-title">{t('admin.editTitle', { code: code.code })}</DialogTitle>
          <DialogContent>
            <Stack spacing={2} sx={{ pt: 1 }}>
              <TextField
                name="code"
                label={t('admin.code')}
                defaultValue={code.code}
                error={errors.code !== undefined}
                helperText={errors.code ?? t('admin.codeHelp')}
                sx={{ maxWidth: 360 }}
              />
              <CodeTermsFields event={event} initial={code} errors={errors} />
              <FormErrorAlert
                error={update.error}
                fieldNames={['code', 'percentOff', 'amountOffCents', 'maxUses', 'validUntil']}
              />
            </Stack>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} disabled={update.isPending} sx={{ minHeight: 44 }}>
              {t('common:actions.cancel')}
            </Button>
            <Button type="submit" variant="contained" loading={update.isPending} sx={{ minHeight: 44 }}>
              {t('admin.save')}
            </Button>
          </DialogActions>
        </form>
      )}
    </Dialog>
  );
}
