/** The pieces of one audit entry, shared by the desktop table and the phone list. */
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import type { AuditEntry } from '@iatichet/contracts';
import { formatDateTime } from '@/lib/format-date';
import { formatChange } from './format-change';

export const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: '0.8125rem' } as const;

/** Ids are long and opaque: the first characters are enough to tell records apart at a glance. */
const SHORT_ID_LENGTH = 8;

export function EntryTime({ entry }: { entry: AuditEntry }) {
  return <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>;
}

export function EntryActor({ entry }: { entry: AuditEntry }) {
  if (entry.actor === null) return <Typography color="text.secondary">System</Typography>;
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
  const id = entry.entityId;
  return (
    <Box component="span" sx={{ display: 'inline-flex', flexWrap: 'wrap', gap: 0.75, alignItems: 'baseline' }}>
      <Typography component="span" variant="body2">
        {entry.entityType}
      </Typography>
      {id !== null && (
        <Link
          component="button"
          type="button"
          onClick={() => onPick(id)}
          title={`${id} (show only this record)`}
          aria-label={`Show only entries for ${entry.entityType} ${id}`}
          sx={{ ...mono, textAlign: 'left', verticalAlign: 'baseline' }}
        >
          {id.length > SHORT_ID_LENGTH + 1 ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id}
        </Link>
      )}
    </Box>
  );
}

export function EntryChange({ entry }: { entry: AuditEntry }) {
  const { before, after } = formatChange(entry.before, entry.after);
  return (
    <Box sx={{ ...mono, display: 'flex', flexWrap: 'wrap', alignItems: 'baseline', gap: 0.75, overflowWrap: 'anywhere' }}>
      <Box component="span" sx={{ color: 'text.secondary' }}>
        {before ?? '—'}
      </Box>
      <Box component="span" aria-label="changed to" sx={{ color: 'primary.main', fontWeight: 700 }}>
        →
      </Box>
      <Box component="span">{after ?? '—'}</Box>
    </Box>
  );
}
