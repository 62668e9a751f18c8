/**
 * The card form of the checkout: number, MM/YY and CVC, checked as typed mistakes before sending,
 * then POST /pay with one Idempotency-Key per attempt. Declines and outages leave the form ready
 * for another card; the reservation stays held until its `expiresAt`.
 */
import { useTranslation } from 'react-i18next';
import { eventTimeZone } from '@/lib/format-event-time';
import { useRef, useState, type ChangeEvent, type SubmitEvent } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import LockRoundedIcon from '@mui/icons-material/LockRounded';
import type { Reservation } from '@iatichet/contracts';
import { useFocusFirstInvalid } from '@/components/forms/use-focus-first-invalid';
import { fieldErrorsByName } from '@/lib/error-messages';
import { formatTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-money';
import { createIdempotencyKeys } from '@/lib/idempotency-key';
import { isCheckoutRedirect, usePayReservation } from '../api/pay-reservation';
import {
  formatCardNumber,
  formatExpiry,
  toPayRequest,
  validateCard,
  type CardField,
  type CardValues,
} from '../utils/card-validation';
import { payErrorText } from '../utils/pay-error-text';
import { TestCards } from './test-cards';

const FIELDS: readonly CardField[] = ['number', 'expiry', 'cvc'];
const EMPTY: CardValues = { number: '', expiry: '', cvc: '' };
/** The server's field paths (`/card/number`) for the form's fields. */
const SERVER_FIELDS: Record<string, CardField> = {
  'card.number': 'number',
  'card.expMonth': 'expiry',
  'card.expYear': 'expiry',
  'card.cvc': 'cvc',
};

interface CardFormProps {
  reservation: Reservation;
  /** False once the countdown reached zero: nothing more can be paid here. */
  open: boolean;
  /** The simulated provider: offer its test cards as one-click fills. */
  testCards: boolean;
}

function testCardExpiry(): string {
  return `12/${String((new Date().getFullYear() + 3) % 100).padStart(2, '0')}`;
}

export function CardForm({ reservation, open, testCards }: CardFormProps) {
  const { t } = useTranslation('reservations');
  const pay = usePayReservation();
  const [keys] = useState(createIdempotencyKeys);
  const [values, setValues] = useState<CardValues>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<CardField, string>>>({});
  const [attempts, setAttempts] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, attempts);

  const failure =
    pay.error === null ? null : payErrorText(pay.error, formatTime(reservation.expiresAt, eventTimeZone(reservation.event)));

  function change(field: CardField) {
    return (event: ChangeEvent<HTMLInputElement>) => {
      const raw = event.target.value;
      const value =
        field === 'number'
          ? formatCardNumber(raw)
          : field === 'expiry'
            ? formatExpiry(raw, values.expiry)
            : raw.replace(/\D/g, '').slice(0, 4);
      setValues({ ...values, [field]: value });
      if (errors[field] !== undefined) setErrors({ ...errors, [field]: undefined });
    };
  }

  function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    // A second press while the first is on its way does nothing (the server would answer it the same anyway).
    if (pay.isPending || !open) return;
    const found = validateCard(values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      pay.reset();
      setAttempts((count) => count + 1);
      return;
    }
    const body = toPayRequest(values);
    pay.mutate(
      { id: reservation.id, body, idempotencyKey: keys.keyFor(body) },
      {
        onSuccess: (result) => {
          keys.settle();
          if (isCheckoutRedirect(result)) window.location.assign(result.checkoutUrl);
        },
        onError: (error) => {
          keys.settle(error);
          const onFields: Partial<Record<CardField, string>> = {};
          for (const [path, message] of Object.entries(fieldErrorsByName(error))) {
            const field = SERVER_FIELDS[path];
            if (field !== undefined) onFields[field] ??= message;
          }
          setErrors(onFields);
          setAttempts((count) => count + 1);
        },
      },
    );
  }

  const fieldProps = (field: CardField) => ({
    name: field,
    value: values[field],
    onChange: change(field),
    error: errors[field] !== undefined,
    helperText: errors[field],
    required: true,
    fullWidth: true,
    disabled: !open,
  });

  return (
    <form ref={formRef} noValidate onSubmit={handleSubmit} aria-label={t('checkout.payByCard')}>
      <Stack spacing={2.5}>
        {testCards && (
          <TestCards
            disabled={!open || pay.isPending}
            onFill={(number) => {
              setValues({ number: formatCardNumber(number), expiry: testCardExpiry(), cvc: '123' });
              setErrors({});
            }}
          />
        )}
        <TextField
          {...fieldProps('number')}
          label={t('card.number')}
          autoComplete="cc-number"
          placeholder="1234 5678 9012 3456"
          slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 23 } }}
        />
        <Stack direction="row" spacing={2}>
          <TextField
            {...fieldProps('expiry')}
            label={t('card.expiry')}
            autoComplete="cc-exp"
            placeholder={t('card.expiryPlaceholder')}
            slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 5 } }}
          />
          <TextField
            {...fieldProps('cvc')}
            label={t('card.cvc')}
            autoComplete="cc-csc"
            placeholder="123"
            slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 4 } }}
          />
        </Stack>
        {failure !== null && FIELDS.every((field) => errors[field] === undefined) && (
          <Alert severity={failure.canRetry ? 'error' : 'warning'} role="alert" tabIndex={-1}>
            <AlertTitle>{failure.title}</AlertTitle>
            {failure.message}
          </Alert>
        )}
        <Button
          type="submit"
          variant="contained"
          color="secondary"
          size="large"
          loading={pay.isPending}
          disabled={!open}
          startIcon={<LockRoundedIcon aria-hidden="true" />}
          fullWidth
        >
          {t('card.pay', { amount: formatMoney(reservation.totalCents, reservation.currency) })}
        </Button>
      </Stack>
    </form>
  );
}
