import { useState, type KeyboardEvent } from 'react';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';
import { SEAT_CATEGORY_PATTERN } from '../utils/layout-edit';

/** Adds a custom seat category ("box", "balcony_front") to the ones seats cycle through. */
export function CategoryAdder({ categories, onAdd }: { categories: readonly string[]; onAdd: (category: string) => void }) {
  const { t } = useTranslation('admin-catalog');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();

  function add() {
    const category = value.trim().toLowerCase().replace(/\s+/g, '_');
    if (!SEAT_CATEGORY_PATTERN.test(category) || category.length > 40) return setError(t('category.pattern'));
    if (categories.includes(category)) return setError(t('category.exists'));
    setError(undefined);
    setValue('');
    onAdd(category);
  }

  const onEnter = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      add();
    }
  };

  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <TextField
        size="small"
        label={t('category.label')}
        placeholder={t('category.placeholder')}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onEnter}
        error={error !== undefined}
        helperText={error}
        slotProps={{ inputLabel: { shrink: true }, htmlInput: { maxLength: 40 } }}
      />
      <Button variant="outlined" onClick={add} sx={{ height: 40, flexShrink: 0 }}>
        {t('category.add')}
      </Button>
    </Stack>
  );
}
