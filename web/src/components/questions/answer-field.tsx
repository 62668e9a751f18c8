/** One answer's input, by the question's kind, with its label and error (shared by checkout, the reservation page and the admin preview). */
import { useTranslation } from 'react-i18next';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import { QUESTION_LIMITS, type AnswerValue, type Question } from '@iatichet/contracts';

export interface AnswerFieldProps {
  question: Question;
  /** A unique id for the inputs of this place. */
  id: string;
  value: AnswerValue | undefined;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: AnswerValue) => void;
}

const INPUT_TYPES = { text: 'text', email: 'email', phone: 'tel', date: 'date' } as const;
// 44 px touch targets on phones for radios and checkboxes.
const TOUCH = { minHeight: 44 };

export function AnswerField({ question, id, value, error, disabled, onChange }: AnswerFieldProps) {
  const { t } = useTranslation('questions');
  const label = question.required ? `${question.label} *` : question.label;
  const helper = error ?? (question.kind === 'date' ? t('field.dateHelp') : undefined);
  if (question.kind === 'checkbox') {
    return (
      <FormControl error={error !== undefined} disabled={disabled}>
        <FormControlLabel
          sx={TOUCH}
          control={
            <Checkbox
              id={id}
              checked={value === true}
              onChange={(event) => onChange(event.target.checked)}
              slotProps={{
                input: { 'aria-invalid': error !== undefined, 'aria-describedby': error ? `${id}-error` : undefined },
              }}
            />
          }
          label={label}
        />
        {error !== undefined && <FormHelperText id={`${id}-error`}>{error}</FormHelperText>}
      </FormControl>
    );
  }
  if (question.kind === 'choice' || question.kind === 'multi') {
    const chosen = Array.isArray(value) ? value : [];
    return (
      <FormControl component="fieldset" error={error !== undefined} disabled={disabled}>
        <FormLabel component="legend" id={`${id}-label`}>
          {label}
        </FormLabel>
        {question.kind === 'choice' ? (
          <RadioGroup
            aria-labelledby={`${id}-label`}
            value={typeof value === 'string' ? value : ''}
            onChange={(event) => onChange(event.target.value)}
          >
            {question.options.map((option, index) => (
              <FormControlLabel
                key={option}
                sx={TOUCH}
                value={option}
                control={
                  <Radio id={index === 0 ? id : undefined} slotProps={{ input: { 'aria-invalid': error !== undefined } }} />
                }
                label={option}
              />
            ))}
          </RadioGroup>
        ) : (
          <FormGroup>
            {question.options.map((option, index) => (
              <FormControlLabel
                key={option}
                sx={TOUCH}
                control={
                  <Checkbox
                    id={index === 0 ? id : undefined}
                    checked={chosen.includes(option)}
                    onChange={(event) =>
                      onChange(event.target.checked ? [...chosen, option] : chosen.filter((item) => item !== option))
                    }
                    slotProps={{ input: { 'aria-invalid': error !== undefined } }}
                  />
                }
                label={option}
              />
            ))}
          </FormGroup>
        )}
        {error !== undefined && <FormHelperText>{error}</FormHelperText>}
      </FormControl>
    );
  }
  return (
    <TextField
      id={id}
      label={label}
      type={INPUT_TYPES[question.kind]}
      value={typeof value === 'string' ? value : ''}
      disabled={disabled}
      required={question.required}
      error={error !== undefined}
      helperText={helper}
      fullWidth
      autoComplete={question.kind === 'email' ? 'email' : question.kind === 'phone' ? 'tel' : 'off'}
      slotProps={{
        inputLabel: question.kind === 'date' ? { shrink: true } : undefined,
        htmlInput: { maxLength: question.kind === 'text' ? QUESTION_LIMITS.text : undefined, 'aria-required': question.required },
      }}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}
