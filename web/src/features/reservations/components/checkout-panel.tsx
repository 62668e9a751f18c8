/**
 * A pending reservation: the time left, what is being bought, and how to pay (the card form, or a
 * button to the provider's own page, as GET /api/payments/config says). On a phone the
 * clock comes first, then the summary, then the form; on a wide screen the summary sits beside them.
 */
import { useTranslation } from 'react-i18next';
import { eventTimeZone } from '@/lib/format-event-time';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import type { Reservation } from '@iatichet/contracts';
import { HoldCountdown } from '@/components/data-display/hold-countdown';
import { useHasPassed } from '@/lib/use-has-passed';
import { usePaymentConfig } from '../api/get-payment-config';
import { BillingForm } from './billing-form';
import { CardForm } from './card-form';
import { OrderSummary } from './order-summary';
import { RedirectCheckout } from './redirect-checkout';

interface CheckoutPanelProps {
  reservation: Reservation;
  /** The countdown reached zero: ask the server what became of the reservation. */
  onExpire: () => void;
}

export function CheckoutPanel({ reservation, onExpire }: CheckoutPanelProps) {
  const { t } = useTranslation('reservations');
  const expired = useHasPassed(reservation.expiresAt);
  const payment = usePaymentConfig();
  return (
    <Box
      sx={{
        display: 'grid',
        gap: { xs: 2.5, md: 4 },
        gridTemplateColumns: { xs: '1fr', md: '7fr 5fr' },
        gridTemplateAreas: { xs: '"timer" "summary" "pay"', md: '"timer summary" "pay summary"' },
        alignItems: 'start',
      }}
    >
      <Box sx={{ gridArea: 'timer' }}>
        <HoldCountdown expiresAt={reservation.expiresAt} onExpire={onExpire} timeZone={eventTimeZone(reservation.event)} />
      </Box>
      <Box sx={{ gridArea: 'summary', position: { md: 'sticky' }, top: { md: 24 } }}>
        <OrderSummary reservation={reservation} />
      </Box>
      <Box sx={{ gridArea: 'pay', display: 'grid', gap: 2.5, minWidth: 0 }}>
        <BillingForm reservation={reservation} open={!expired} />
        <Paper component="section" aria-labelledby="pay-heading" variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
          <Typography id="pay-heading" component="h2" variant="h6" sx={{ mb: 2 }}>
            {t('checkout.payByCard')}
          </Typography>
          {payment.data === undefined ? (
            <CircularProgress aria-label={t('checkout.loadingOptions')} />
          ) : payment.data.flow === 'redirect' ? (
            <RedirectCheckout reservation={reservation} open={!expired} />
          ) : (
            <CardForm reservation={reservation} open={!expired} testCards={payment.data.testCards} />
          )}
        </Paper>
      </Box>
    </Box>
  );
}
