/** The pieces of one audit entry, shared by the desktop table and the phone list. */
import { useTranslation } from 'react-i18next';
import i18next, { type TFunction } from 'i18next';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import type { AuditEntry } from '@iatichet/contracts';
import { formatDateTime } from '@/lib/format-date';
import { auditValue, snapshotZone } from './audit-value';
import { changeLines, recordName } from './format-change';

export const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '0.8125rem' } as const;

/** Ids are long and opaque: the first characters are enough to tell records apart at a glance. */
const SHORT_ID_LENGTH = 8;

export function EntryTime({ entry }: { entry: AuditEntry }) {
  return <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>;
}

export function EntryActor({ entry }: { entry: AuditEntry }) {
  if (entry.actor === null) return <Typography color="text.secondary">{i18next.t('admin-audit:system')}</Typography>;
  return (
    <>
      <Typography sx={{ fontWeight: 600 }}>{entry.actor.name}</Typography>
      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {entry.actor.email}
      </Typography>
    </>
  );
}

export function EntryRecord({ entry, onPick }: { entry: AuditEntry; onPick: (entityId: string) => void }) {
  const { t } = useTranslation('admin-audit');
  const id = entry.entityId;
  const label =
    recordName(entry.before, entry.after) ??
    (id !== null && id.length > SHORT_ID_LENGTH + 1 ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id);
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexWrap: 'wrap', gap: 0.75, alignItems: 'baseline' }}>
      <Typography component="span" variant="body2">
        {i18next.exists(`types.${entry.entityType}`, { ns: 'admin-audit' }) ? t(`types.${entry.entityType}`) : entry.entityType}
      </Typography>
      {id !== null && (
        <Link
          component="button"
          type="button"
          onClick={() => onPick(id)}
          title={t('record.pickTitle', { id })}
          aria-label={t('record.pick', { record: label })}
          sx={{ ...mono, textAlign: 'left', verticalAlign: 'baseline' }}
        >
          {label}
        </Link>
      )}
    </Box>
  );
}

export function EntryChange({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation('admin-audit');
  const zone = snapshotZone(entry.after, entry.before);
  const lines = changeLines(
    entry.before,
    entry.after,
    (value) => (value ? t('yes') : t('no')),
    (field, value) => auditValue(field, value, zone),
  );
  return (
    <Box component="ul" sx={{ listStyle: 'none', p: 0, m: 0, overflowWrap: 'anywhere' }}>
      {lines.map((line) => (
        <Box component="li" key={line.field} sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: 0.75 }}>
          {line.field !== '' && (
            <Box component="span" sx={{ fontWeight: 600 }}>
              {fieldLabel(line.field, t)}:
            </Box>
          )}
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {line.before ?? '—'}
          </Box>
          <Box component="span" aria-label={t('changedTo')} sx={{ color: 'primary.main', fontWeight: 700 }}>
            →
          </Box>
          <Box component="span">{line.after ?? '—'}</Box>
        </Box>
      ))}
    </Box>
  );
}

/** "maxTicketsPerOrder" -> "Max tickets per order": the catalogue's word, else the name spaced out. */
function fieldLabel(field: string, t: TFunction): string {
  const key = `fields.${field}`;
  if (i18next.exists(key, { ns: 'admin-audit' })) return t(key);
  const words = field
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "user.role_change" -> "Changed a role"; an action this version does not know stays as recorded. */
export function actionLabel(action: string): string {
  const key = `actions.${action}`;
  return i18next.exists(key, { ns: 'admin-audit' }) ? i18next.t(key, { ns: 'admin-audit' }) : action;
}
