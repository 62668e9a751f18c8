import { infiniteQueryOptions, keepPreviousData, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { AdminInvoice, Organizer } from '@iatichet/contracts';
import { getAllPages } from '@/lib/all-pages';
import { api } from '@/lib/api-client';

const PAGE_SIZE = 50;

export interface InvoiceFilters {
  /** '' for every organizer the caller may see. */
  organizerId: string;
  /** Dates (YYYY-MM-DD) in the browser's zone; '' for no bound. `to` is inclusive of that day. */
  from: string;
  to: string;
}

/** The API's instants for the form's dates: from the start of `from` to the end of `to`, locally. */
export function invoiceQuery(filters: InvoiceFilters): Record<string, string | undefined> {
  const dayStart = (date: string, plusDays = 0) => {
    if (date === '') return undefined;
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return new Date(y, m - 1, d + plusDays).toISOString();
  };
  return {
    organizerId: filters.organizerId === '' ? undefined : filters.organizerId,
    from: dayStart(filters.from),
    to: dayStart(filters.to, 1),
  };
}

export function invoicesCsvHref(filters: InvoiceFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(invoiceQuery(filters))) if (value !== undefined) params.set(key, value);
  const search = params.toString();
  return search === '' ? '/api/admin/invoices.csv' : `/api/admin/invoices.csv?${search}`;
}

export function adminInvoicesQueryOptions(filters: InvoiceFilters) {
  const query = invoiceQuery(filters);
  return infiniteQueryOptions({
    queryKey: ['admin', 'invoices', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: AdminInvoice[]; nextCursor: string | null }>('/api/admin/invoices', {
        query: { ...query, limit: PAGE_SIZE, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}

/** GET /api/admin/invoices, newest first, a page at a time ("Load more"). */
export function useAdminInvoices(filters: InvoiceFilters) {
  return useInfiniteQuery(adminInvoicesQueryOptions(filters));
}

/** The organizers the caller may filter by (every one for a site admin). */
export function useInvoiceOrganizers() {
  return useQuery(
    queryOptions({
      queryKey: ['admin', 'invoices', 'organizers'],
      queryFn: ({ signal }) => getAllPages<Organizer>('/api/organizers', signal),
      staleTime: 60_000,
    }),
  );
}
