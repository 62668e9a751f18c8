import Chip, { type ChipProps } from '@mui/material/Chip';
import type { EventStatus } from '@iatichet/contracts';
import { eventStatusLabel } from '@/lib/catalog-labels';

const COLORS: Record<EventStatus, ChipProps['color']> = { draft: 'default', published: 'success', cancelled: 'error' };

export function EventStatusChip({ status }: { status: EventStatus }) {
  return (
    <Chip
      label={eventStatusLabel(status)}
      size="small"
      color={COLORS[status]}
      variant={status === 'published' ? 'filled' : 'outlined'}
      sx={{ fontWeight: 700, height: 22 }}
    />
  );
}
