import { queryOptions, useQuery } from '@tanstack/react-query';
import type { InvoiceSummary } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

export function getInvoices(id: string, signal?: AbortSignal): Promise<InvoiceSummary[]> {
  return api.get<InvoiceSummary[]>(`/api/reservations/${encodeURIComponent(id)}/invoices`, { signal });
}

/** The PDF of one invoice or credit note: a plain link, so the browser downloads it with the session cookie. */
export function invoicePdfHref(reservationId: string, invoiceId: string): string {
  return `/api/reservations/${encodeURIComponent(reservationId)}/invoices/${encodeURIComponent(invoiceId)}.pdf`;
}

/**
 * GET /api/reservations/:id/invoices. Keyed under the reservation with its status, so that a
 * refund (a new credit note) asks again.
 */
export function useInvoices(id: string, status: string) {
  return useQuery(
    queryOptions({
      queryKey: [...reservationKeys.detail(id), 'invoices', status],
      queryFn: ({ signal }) => getInvoices(id, signal),
    }),
  );
}
