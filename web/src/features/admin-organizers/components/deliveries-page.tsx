/**
 * One webhook's delivery log: each delivery's type, status, attempts, and the last answer (code
 * and a short excerpt); any delivery can be sent again with the same id.
 */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import OutboxRoundedIcon from '@mui/icons-material/OutboxRounded';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { EmptyState, QueryState } from '@/components/page-state';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import { formatDateTime } from '@/lib/format-date';
import { useDeliveries, useRedeliver, type Delivery } from '../api/webhooks';
import { deliveryTone } from '../utils/delivery-status';
import { useOrganizer } from './organizer-layout';
import { SectionTable } from './section-parts';

function DeliveriesTable({
  organizerId,
  hookId,
  deliveries,
}: {
  organizerId: string;
  hookId: string;
  deliveries: readonly Delivery[];
}) {
  const { t } = useTranslation('admin-organizers');
  const redeliver = useRedeliver(organizerId, hookId);
  const [sent, setSent] = useState<string | null>(null);
  return (
    <>
      <Box role="status" sx={{ mb: sent === null && !redeliver.isError ? 0 : 2 }}>
        {sent !== null && <Alert severity="success">{t('deliveries.redelivered')}</Alert>}
      </Box>
      {redeliver.isError && (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          {errorMessage(redeliver.error)}
        </Alert>
      )}
      <SectionTable
        label={t('deliveries.table')}
        head={[
          t('deliveries.type'),
          t('deliveries.status'),
          t('deliveries.attempts'),
          t('deliveries.lastAnswer'),
          [t('members.actions'), { align: 'right' }],
        ]}
      >
        {deliveries.map((delivery) => (
          <TableRow key={delivery.id}>
            <TableCell>
              <Typography sx={{ fontWeight: 600 }}>{delivery.type}</Typography>
              {delivery.createdAt !== undefined && (
                <Typography variant="body2" color="text.secondary">
                  {formatDateTime(delivery.createdAt)}
                </Typography>
              )}
            </TableCell>
            <TableCell>
              <Chip
                size="small"
                color={deliveryTone(delivery.status)}
                label={t(`deliveries.statuses.${delivery.status}`, delivery.status)}
              />
            </TableCell>
            <TableCell>{delivery.attempts}</TableCell>
            <TableCell sx={{ maxWidth: 320 }}>
              <Typography>{delivery.lastStatusCode ?? delivery.lastError ?? t('deliveries.noAnswer')}</Typography>
              {delivery.lastResponseExcerpt !== undefined &&
                delivery.lastResponseExcerpt !== null &&
                delivery.lastResponseExcerpt !== '' && (
                  <Typography
                    component="pre"
                    variant="body2"
                    color="text.secondary"
                    sx={{ m: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: 'monospace' }}
                  >
                    {delivery.lastResponseExcerpt}
                  </Typography>
                )}
            </TableCell>
            <TableCell align="right">
              <Button
                onClick={() => redeliver.mutate(delivery.id, { onSuccess: () => setSent(delivery.id) })}
                loading={redeliver.isPending && redeliver.variables === delivery.id}
                sx={{ minHeight: 44 }}
              >
                {t('deliveries.redeliver')}
                <Box component="span" sx={visuallyHidden}>{` ${delivery.type} ${delivery.id}`}</Box>
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </SectionTable>
    </>
  );
}

export function DeliveriesPage() {
  const { t } = useTranslation('admin-organizers');
  const organizer = useOrganizer();
  const { hookId = '' } = useParams();
  const query = useDeliveries(organizer.id, hookId);
  return (
    <>
      <Link
        component={RouterLink}
        to={paths.adminOrganizerWebhooks.getHref()}
        sx={{ display: 'inline-block', mb: 2, fontWeight: 600 }}
      >
        {t('deliveries.back')}
      </Link>
      <Typography component="h2" variant="h6" sx={{ mb: 2 }}>
        {t('deliveries.title')}
      </Typography>
      <QueryState
        query={query}
        errorTitle={t('deliveries.loadFailed')}
        isEmpty={(items) => items.length === 0}
        empty={<EmptyState icon={<OutboxRoundedIcon />} title={t('deliveries.empty')} description={t('deliveries.emptyText')} />}
      >
        {(items) => <DeliveriesTable organizerId={organizer.id} hookId={hookId} deliveries={items} />}
      </QueryState>
    </>
  );
}
