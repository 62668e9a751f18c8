/**
 * The event's codes: what each gives, uses against its limit, when it is valid, and its actions
 * (copy the `?code=` link, edit, deactivate or activate, delete). A code that reservations used
 * cannot be deleted (the server says so); deactivating it is the way to stop it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { CatalogEvent, DiscountCode } from '@iatichet/contracts';
import { visuallyHidden } from '@/components/a11y/visually-hidden';
import { ConfirmDialog } from '@/components/dialogs/confirm-dialog';
import { paths } from '@/config/paths';
import { errorMessage } from '@/lib/error-messages';
import { formatDateTime } from '@/lib/format-date';
import { formatMoney } from '@/lib/format-money';
import { useDeleteCode, useUpdateCode } from '../api/codes';
import { EditCodeDialog } from './edit-code-dialog';

/** The event page's address with the code applied: what an organizer hands out. */
export const codeLink = (eventId: string, code: string) =>
  `${window.location.origin}${paths.event.getHref(eventId)}?code=${encodeURIComponent(code)}`;

export function CodesTable({ event, codes }: { event: CatalogEvent; codes: readonly DiscountCode[] }) {
  const { t } = useTranslation('codes');
  const update = useUpdateCode(event.id);
  const remove = useDeleteCode(event.id);
  const [editing, setEditing] = useState<DiscountCode | null>(null);
  const [deleting, setDeleting] = useState<DiscountCode | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const gives = (c: DiscountCode) =>
    c.percentOff !== null
      ? `${String(c.percentOff)} %`
      : c.amountOffCents !== null
        ? formatMoney(c.amountOffCents, event.currency)
        : '—';
  const copy = async (c: DiscountCode) => {
    await navigator.clipboard.writeText(codeLink(event.id, c.code));
    setCopied(c.id);
  };
  return (
    <>
      <TableContainer sx={{ border: 1, borderColor: 'divider', borderRadius: 2 }}>
        <Table aria-label={t('admin.table')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('admin.code')}</TableCell>
              <TableCell>{t('admin.gives')}</TableCell>
              <TableCell>{t('admin.uses')}</TableCell>
              <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{t('admin.validUntil')}</TableCell>
              <TableCell align="right">{t('admin.actions')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {codes.map((c) => (
              <TableRow key={c.id}>
                <TableCell sx={{ fontFamily: 'monospace', fontWeight: 700, overflowWrap: 'anywhere' }}>
                  {c.code}
                  <Stack direction="row" spacing={0.5} sx={{ mt: 0.5, flexWrap: 'wrap' }}>
                    <Chip size="small" label={c.kind === 'access' ? t('admin.kindAccess') : t('admin.kindDiscount')} />
                    {!c.active && <Chip size="small" color="warning" label={t('admin.inactive')} />}
                  </Stack>
                </TableCell>
                <TableCell>{gives(c)}</TableCell>
                <TableCell>
                  {c.maxUses === null
                    ? t('admin.usesUnlimited', { uses: c.uses })
                    : t('admin.usesOf', { uses: c.uses, max: c.maxUses })}
                </TableCell>
                <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>
                  {c.validUntil === null ? '—' : formatDateTime(c.validUntil)}
                </TableCell>
                <TableCell align="right">
                  <Stack direction="row" sx={{ justifyContent: 'flex-end', flexWrap: 'wrap', gap: 0.5 }}>
                    <Button onClick={() => void copy(c)} sx={{ minHeight: 44 }}>
                      {copied === c.id ? t('admin.copied') : t('admin.copyLink')}
                      <Box component="span" sx={visuallyHidden}>{` ${c.code}`}</Box>
                    </Button>
                    <Button onClick={() => setEditing(c)} sx={{ minHeight: 44 }}>
                      {t('admin.edit')}
                      <Box component="span" sx={visuallyHidden}>{` ${c.code}`}</Box>
                    </Button>
                    <Button onClick={() => update.mutate({ id: c.id, patch: { active: !c.active } })} sx={{ minHeight: 44 }}>
                      {c.active ? t('admin.deactivate') : t('admin.activate')}
                      <Box component="span" sx={visuallyHidden}>{` ${c.code}`}</Box>
                    </Button>
                    <Button color="error" onClick={() => setDeleting(c)} sx={{ minHeight: 44 }}>
                      {t('admin.delete')}
                      <Box component="span" sx={visuallyHidden}>{` ${c.code}`}</Box>
                    </Button>
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <EditCodeDialog event={event} code={editing} onClose={() => setEditing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={t('admin.deleteTitle')}
        description={t('admin.deleteText', { code: deleting?.code ?? '' })}
        confirmLabel={t('admin.delete')}
        tone="error"
        pending={remove.isPending}
        errorText={remove.error === null ? null : errorMessage(remove.error)}
        onConfirm={() => {
          if (deleting !== null) remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) });
        }}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
      />
    </>
  );
}
