import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import { paths } from '@/config/paths';

/** "Pay now": straight to the checkout of the reservation a waiting-list offer made. */
export function PayOfferButton({ reservationId }: { reservationId: string }) {
  const { t } = useTranslation('waitlist');
  return (
    <Button
      variant="contained"
      color="secondary"
      component={RouterLink}
      to={paths.reservation.getHref(reservationId)}
      sx={{ minHeight: 44 }}
    >
      {t('panel.payNow')}
    </Button>
  );
}
