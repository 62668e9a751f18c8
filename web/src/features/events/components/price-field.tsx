/**
 * Pay what you want: the buyer's own price per ticket, at least the type's minimum. Empty means
 * the suggested price; an amount below the minimum (or not an amount) is said at once and not sent.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import TextField from '@mui/material/TextField';
import { centsFromUnits, formatMoney } from '@/lib/format-money';

interface PriceFieldProps {
  typeName: string;
  currency: string;
  minCents: number;
  suggestedCents: number;
  cents: number | null;
  disabled: boolean;
  /** A valid amount in cents, or null for "the suggested price" (also while the text is not valid). */
  onChange: (cents: number | null) => void;
}

export function PriceField({ typeName, currency, minCents, suggestedCents, cents, disabled, onChange }: PriceFieldProps) {
  const { t } = useTranslation('codes');
  const id = useId();
  const [text, setText] = useState(cents === null ? '' : String(cents / 100));
  const parsed = text.trim() === '' ? null : centsFromUnits(text);
  const problem =
    text.trim() === ''
      ? null
      : parsed === null
        ? t('pwyw.notAmount')
        : parsed < minCents
          ? t('pwyw.belowMin', { min: formatMoney(minCents, currency) })
          : null;
  return (
    <TextField
      id={id}
      size="small"
      label={t('pwyw.label', { type: typeName })}
      value={text}
      disabled={disabled}
      inputMode="decimal"
      onChange={(changeEvent) => {
        const next = changeEvent.target.value;
        setText(next);
        const value = next.trim() === '' ? null : centsFromUnits(next);
        onChange(value !== null && value >= minCents ? value : null);
      }}
      error={problem !== null}
      helperText={
        problem ?? t('pwyw.help', { min: formatMoney(minCents, currency), suggested: formatMoney(suggestedCents, currency) })
      }
      sx={{ mt: 1.5, maxWidth: 260, '& .MuiInputBase-root': { minHeight: 44 } }}
    />
  );
}
