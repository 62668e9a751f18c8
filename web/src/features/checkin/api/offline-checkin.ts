import type { CheckinConflicts, CheckinSnapshot, CheckinSyncRequest, CheckinSyncResponse } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

/** GET /api/events/:id/checkin-snapshot: the keys and ticket states to judge scans offline. */
export function getCheckinSnapshot(eventId: string, signal?: AbortSignal): Promise<CheckinSnapshot> {
  return api.get<CheckinSnapshot>(`/api/events/${encodeURIComponent(eventId)}/checkin-snapshot`, { signal });
}

/** POST /api/checkin/sync: the scans made offline, each answered once and for good. */
export function syncScans(body: CheckinSyncRequest): Promise<CheckinSyncResponse> {
  return api.post<CheckinSyncResponse>('/api/checkin/sync', body);
}

/** GET /api/events/:id/checkin-conflicts: tickets two devices admitted offline. */
export function getCheckinConflicts(eventId: string, signal?: AbortSignal): Promise<CheckinConflicts> {
  return api.get<CheckinConflicts>(`/api/events/${encodeURIComponent(eventId)}/checkin-conflicts`, { signal });
}
