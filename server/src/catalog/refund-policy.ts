/**
 * An event's refund policy: until when a buyer may cancel a paid reservation for a refund. The
 * default is stored as a mode, not a time, so that it follows the start when an admin moves it.
 */
import { REFUND_POLICY_DEFAULT_HOURS, type RefundPolicy, type RefundPolicyInput } from '@iatichet/contracts';
import type { EventsTable } from '../db/schema.js';

type PolicyColumns = { refund_policy: 'default' | 'until' | 'none'; refund_until: string | null };

/** The columns an admin's policy input is stored as. */
export function refundPolicyColumns(input: RefundPolicyInput): PolicyColumns {
  if ('default' in input) return { refund_policy: 'default', refund_until: null };
  if (input.selfServiceUntil === null) return { refund_policy: 'none', refund_until: null };
  return { refund_policy: 'until', refund_until: new Date(input.selfServiceUntil).toISOString() };
}

/** The last moment a buyer may cancel for a refund, or null when buyers never may. */
export function selfServiceUntil(event: Pick<EventsTable, 'starts_at'> & PolicyColumns): string | null {
  if (event.refund_policy === 'none') return null;
  if (event.refund_policy === 'until') return event.refund_until;
  return new Date(Date.parse(event.starts_at) - REFUND_POLICY_DEFAULT_HOURS * 3600_000).toISOString();
}

export function toRefundPolicy(event: Pick<EventsTable, 'starts_at'> & PolicyColumns): RefundPolicy {
  return { selfServiceUntil: selfServiceUntil(event), default: event.refund_policy === 'default' };
}
