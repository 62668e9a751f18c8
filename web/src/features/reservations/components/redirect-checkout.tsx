/**
 * Checkout with a provider that takes the card on its own page (Stripe): one button that asks the
 * server for the checkout URL and goes there. The card never passes through this app.
 */
import { useTranslation } from 'react-i18next';
import { eventTimeZone } from '@/lib/format-event-time';
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import LockRoundedIcon from '@mui/icons-material/LockRounded';
import type { Reservation } from '@iatichet/contracts';
import { formatTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-money';
import { createIdempotencyKeys } from '@/lib/idempotency-key';
import { isCheckoutRedirect, usePayReservation } from '../api/pay-reservation';
import { payErrorText } from '../utils/pay-error-text';

export function RedirectCheckout({ reservation, open }: { reservation: Reservation; open: boolean }) {
  const { t } = useTranslation('reservations');
  const pay = usePayReservation();
  const [keys] = useState(createIdempotencyKeys);
  const failure =
    pay.error === null ? null : payErrorText(pay.error, formatTime(reservation.expiresAt, eventTimeZone(reservation.event)));

  function start() {
    if (pay.isPending || !open) return;
    const body = { method: 'card' as const };
    pay.mutate(
      { id: reservation.id, body, idempotencyKey: keys.keyFor(body) },
      {
        onSuccess: (result) => {
          keys.settle();
          if (isCheckoutRedirect(result)) window.location.assign(result.checkoutUrl);
        },
        onError: (error) => keys.settle(error),
      },
    );
  }

  return (
    <Stack spacing={2.5}>
      <Typography variant="body2" color="text.secondary">
        {t('redirect.text')}
      </Typography>
      {failure !== null && (
        <Alert severity={failure.canRetry ? 'error' : 'warning'} role="alert">
          <AlertTitle>{failure.title}</AlertTitle>
          {failure.message}
        </Alert>
      )}
      <Button
        variant="contained"
        color="secondary"
        size="large"
        loading={pay.isPending}
        disabled={!open}
        onClick={start}
        startIcon={<LockRoundedIcon aria-hidden="true" />}
        fullWidth
      >
        {t('redirect.continue', { amount: formatMoney(reservation.totalCents, reservation.currency) })}
      </Button>
    </Stack>
  );
}
