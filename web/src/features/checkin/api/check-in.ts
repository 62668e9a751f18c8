import type { CheckinRequest, CheckinResponse } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

/** POST /api/checkin: one scan, judged by the server (the scanner falls back to judging offline). */
export function checkIn(body: CheckinRequest, signal?: AbortSignal): Promise<CheckinResponse> {
  return api.post<CheckinResponse>('/api/checkin', body, { signal });
}
