import Alert from '@mui/material/Alert';
import { isApiError } from '@/lib/api-error';
import { errorMessage, fieldErrorsByName } from '@/lib/error-messages';

interface FormErrorAlertProps {
  error: unknown;
  /** The fields the form shows; server errors about these appear on the field instead. */
  fieldNames: readonly string[];
}

/**
 * A form's failure that no single field can show: wrong credentials, a conflict, a rate limit (with
 * the wait), a dropped connection. Nothing when every problem is already shown on its field.
 * Place it inside the <form> so useFocusFirstInvalid finds it.
 */
export function FormErrorAlert({ error, fieldNames }: FormErrorAlertProps) {
  if (error === null || error === undefined) return null;
  if (isApiError(error) && error.code === 'validation_failed') {
    const onFields = Object.keys(fieldErrorsByName(error)).filter((name) => fieldNames.includes(name));
    if (onFields.length > 0) return null;
  }
  return (
    // tabIndex -1: useFocusFirstInvalid moves focus here when no single field is to blame.
    <Alert severity="error" role="alert" tabIndex={-1}>
      {errorMessage(error)}
    </Alert>
  );
}
