/** Adding or changing one question: label, kind, options (choice kinds), required, per attendee, ticket types. */
import { useTranslation } from 'react-i18next';
import { useState, type SubmitEvent } from 'react';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import {
  QUESTION_KINDS,
  QUESTION_LIMITS,
  type CatalogEvent,
  type Question,
  type QuestionInput,
  type QuestionKind,
} from '@iatichet/contracts';
import { FormErrorAlert } from '@/components/forms/form-error-alert';
import { fieldErrorsByName } from '@/lib/error-messages';

interface QuestionDialogProps {
  open: boolean;
  /** The question to change; null to add one. */
  question: Question | null;
  ticketTypes: CatalogEvent['ticketTypes'];
  pending: boolean;
  error: unknown;
  onSave: (input: QuestionInput) => void;
  onClose: () => void;
}

const hasOptions = (kind: QuestionKind) => kind === 'choice' || kind === 'multi';

export function QuestionDialog({ open, question, ticketTypes, pending, error, onSave, onClose }: QuestionDialogProps) {
  const { t } = useTranslation('admin-questions');
  const [label, setLabel] = useState(question?.label ?? '');
  const [kind, setKind] = useState<QuestionKind>(question?.kind ?? 'text');
  const [options, setOptions] = useState((question?.options ?? []).join('\n'));
  const [required, setRequired] = useState(question?.required ?? false);
  const [perTicket, setPerTicket] = useState(question?.perTicket ?? false);
  const [typeIds, setTypeIds] = useState<string[]>(question?.ticketTypeIds ?? []);
  const [own, setOwn] = useState<Record<string, string>>({});
  const server = fieldErrorsByName(error);
  const errors = { ...server, ...own };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const list = options
      .split('\n')
      .map((o) => o.trim())
      .filter((o) => o !== '');
    const found: Record<string, string> = {};
    if (label.trim() === '') found.label = t('dialog.labelRequired');
    if (hasOptions(kind) && list.length === 0) found.options = t('dialog.optionsRequired');
    if (new Set(list).size !== list.length) found.options = t('dialog.optionsDistinct');
    setOwn(found);
    if (Object.keys(found).length > 0) return;
    onSave({ label: label.trim(), kind, options: hasOptions(kind) ? list : [], required, perTicket, ticketTypeIds: typeIds });
  };

  return (
    <Dialog open={open} onClose={pending ? undefined : onClose} fullWidth maxWidth="sm" aria-labelledby="question-dialog-title">
      <form noValidate onSubmit={submit}>
        <DialogTitle id="question-dialog-title">{question === null ? t('dialog.addTitle') : t('dialog.editTitle')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2.5} sx={{ pt: 1 }}>
            <FormErrorAlert error={error} fieldNames={['label', 'kind', 'options', 'ticketTypeIds']} />
            <TextField
              label={t('dialog.label')}
              value={label}
              required
              autoFocus
              error={errors.label !== undefined}
              helperText={errors.label}
              slotProps={{ htmlInput: { maxLength: QUESTION_LIMITS.label } }}
              onChange={(e) => setLabel(e.target.value)}
            />
            <TextField select label={t('dialog.kind')} value={kind} onChange={(e) => setKind(e.target.value as QuestionKind)}>
              {QUESTION_KINDS.map((k) => (
                <MenuItem key={k} value={k}>
                  {t(`questions:kinds.${k}`)}
                </MenuItem>
              ))}
            </TextField>
            {hasOptions(kind) && (
              <TextField
                label={t('dialog.options')}
                value={options}
                multiline
                minRows={3}
                error={errors.options !== undefined}
                helperText={errors.options ?? t('dialog.optionsHelp')}
                onChange={(e) => setOptions(e.target.value)}
              />
            )}
            <FormControlLabel
              sx={{ minHeight: 44 }}
              control={<Switch checked={required} onChange={(e) => setRequired(e.target.checked)} />}
              label={t('dialog.required')}
            />
            <FormControlLabel
              sx={{ minHeight: 44 }}
              control={<Switch checked={perTicket} onChange={(e) => setPerTicket(e.target.checked)} />}
              label={t('dialog.perTicket')}
            />
            <FormControl component="fieldset" error={errors.ticketTypeIds !== undefined}>
              <FormLabel component="legend">{t('dialog.types')}</FormLabel>
              <FormGroup>
                {ticketTypes.map((type) => (
                  <FormControlLabel
                    key={type.id}
                    sx={{ minHeight: 44 }}
                    control={
                      <Checkbox
                        checked={typeIds.includes(type.id)}
                        onChange={(e) =>
                          setTypeIds(e.target.checked ? [...typeIds, type.id] : typeIds.filter((id) => id !== type.id))
                        }
                      />
                    }
                    label={type.name}
                  />
                ))}
              </FormGroup>
              <FormHelperText>{errors.ticketTypeIds ?? t('dialog.typesHelp')}</FormHelperText>
            </FormControl>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={pending}>
            {t('dialog.cancel')}
          </Button>
          <Button type="submit" variant="contained" loading={pending}>
            {t('dialog.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
