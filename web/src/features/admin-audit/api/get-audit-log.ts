import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditQuery, Page } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

const PAGE_SIZE = 50;

export interface AuditFilters {
  /** An exact action such as `user.disable`; '' for all. */
  action: string;
  /** An exact record id; '' for all. */
  entityId: string;
}

export function getAuditLog(query: AuditQuery, signal?: AbortSignal): Promise<Page<AuditEntry>> {
  return api.get<Page<AuditEntry>>('/api/admin/audit', { query: { ...query }, signal });
}

export function auditLogQueryOptions(filters: AuditFilters) {
  const action = filters.action.trim();
  const entityId = filters.entityId.trim();
  return infiniteQueryOptions({
    queryKey: ['admin', 'audit', { action, entityId }],
    queryFn: ({ pageParam, signal }) =>
      getAuditLog({ action: action || undefined, entityId: entityId || undefined, limit: PAGE_SIZE, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The log is the record of what just happened elsewhere in the admin: always ask again on opening.
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** GET /api/admin/audit, newest first, a page at a time ("Load more"). */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery(auditLogQueryOptions(filters));
}
