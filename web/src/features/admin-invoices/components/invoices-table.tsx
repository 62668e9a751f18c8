/** The register's rows: number (and what a credit note cancels), kind, date, reservation, buyer, amounts, PDF. */
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import type { AdminInvoice } from '@iatichet/contracts';
import { paths } from '@/config/paths';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-money';

const pdfHref = (i: AdminInvoice) =>
  `/api/reservations/${encodeURIComponent(i.reservationId)}/invoices/${encodeURIComponent(i.id)}.pdf`;

export function InvoicesTable({ invoices }: { invoices: AdminInvoice[] }) {
  const { t } = useTranslation('invoices');
  const columns = ['number', 'kind', 'issuedAt', 'reservation', 'buyer', 'net', 'tax', 'total', 'pdf'] as const;
  return (
    <TableContainer sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={t('admin.title')}>
        <TableHead>
          <TableRow>
            {columns.map((c) => (
              <TableCell key={c} align={['net', 'tax', 'total'].includes(c) ? 'right' : 'left'}>
                {t(`admin.columns.${c}`)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {invoices.map((i) => (
            <TableRow key={i.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {i.number}
                {i.refersTo !== null && (
                  <Typography variant="body2" color="text.secondary">
                    {t('admin.refersTo', { number: i.refersTo })}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{t(`kind.${i.kind}`)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(i.issuedAt)}</TableCell>
              <TableCell>
                <Link
                  component={RouterLink}
                  to={paths.adminReservation.getHref(i.reservationId)}
                  sx={{ display: 'inline-block', py: 1.25 }}
                >
                  {i.reservationCode}
                </Link>
              </TableCell>
              <TableCell>{i.buyerName}</TableCell>
              <TableCell align="right">{formatMoney(i.netCents, i.currency)}</TableCell>
              <TableCell align="right">{formatMoney(i.taxCents, i.currency)}</TableCell>
              <TableCell align="right">{formatMoney(i.totalCents, i.currency)}</TableCell>
              <TableCell>
                <Button
                  size="small"
                  href={pdfHref(i)}
                  download={`${i.number}.pdf`}
                  aria-label={t('admin.downloadNamed', { number: i.number })}
                  sx={{ minHeight: 44 }}
                >
                  {t('admin.download')}
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
