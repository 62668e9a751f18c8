/**
 * The invoice and credit note of a reservation, each with its PDF. An invoice is issued with the
 * payment, so a paid reservation that shows none was free (or paid before invoices existed).
 */
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import ReceiptLongRoundedIcon from '@mui/icons-material/ReceiptLongRounded';
import type { Reservation } from '@iatichet/contracts';
import { ErrorState, LoadingState } from '@/components/page-state';
import { formatDateTime } from '@/lib/format-date';
import { eventTimeZone } from '@/lib/format-event-time';
import { formatMoney } from '@/lib/format-money';
import { invoicePdfHref, useInvoices } from '../api/get-invoices';

export function InvoiceList({ reservation }: { reservation: Reservation }) {
  const { t } = useTranslation('invoices');
  const invoices = useInvoices(reservation.id, reservation.status);
  return (
    <Box component="section" aria-labelledby="invoices-heading">
      <Typography id="invoices-heading" component="h2" variant="h6" sx={{ mb: 1 }}>
        {t('list.title')}
      </Typography>
      {invoices.isPending ? (
        <LoadingState label={t('list.loading')} />
      ) : invoices.isError ? (
        <ErrorState error={invoices.error} title={t('list.loadFailed')} onRetry={() => void invoices.refetch()} />
      ) : invoices.data.length === 0 ? (
        <Typography color="text.secondary">{t('list.none')}</Typography>
      ) : (
        <List disablePadding>
          {invoices.data.map((invoice) => (
            <ListItem key={invoice.id} disableGutters sx={{ flexWrap: 'wrap', gap: 1 }}>
              <ListItemText
                primary={`${t(`kind.${invoice.kind}`)} ${invoice.number}`}
                secondary={[
                  formatMoney(invoice.totalCents, invoice.currency),
                  formatDateTime(invoice.issuedAt, eventTimeZone(reservation.event)),
                  invoice.refersTo === null ? null : t('list.refersTo', { number: invoice.refersTo }),
                ]
                  .filter((part) => part !== null)
                  .join(' · ')}
              />
              <Button
                variant="outlined"
                startIcon={<ReceiptLongRoundedIcon aria-hidden="true" />}
                href={invoicePdfHref(reservation.id, invoice.id)}
                download={`${invoice.number}.pdf`}
                aria-label={t('list.downloadNamed', { kind: t(`kind.${invoice.kind}`), number: invoice.number })}
                sx={{ minHeight: 44 }}
              >
                {t('list.download')}
              </Button>
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
