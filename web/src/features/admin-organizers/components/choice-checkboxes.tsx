/** A labelled group of checkboxes (token scopes, webhook event types), with its error said once for the group. */
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';

interface ChoiceCheckboxesProps {
  name: string;
  legend: string;
  choices: readonly string[];
  labelOf: (choice: string) => string;
  error?: string;
}

export function ChoiceCheckboxes({ name, legend, choices, labelOf, error }: ChoiceCheckboxesProps) {
  return (
    <FormControl component="fieldset" error={error !== undefined} variant="standard">
      <FormLabel component="legend">{legend}</FormLabel>
      <FormGroup sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2 }}>
        {choices.map((choice) => (
          <FormControlLabel
            key={choice}
            control={<Checkbox name={name} value={choice} />}
            label={labelOf(choice)}
            sx={{ minHeight: 44 }}
          />
        ))}
      </FormGroup>
      {error !== undefined && <FormHelperText>{error}</FormHelperText>}
    </FormControl>
  );
}
