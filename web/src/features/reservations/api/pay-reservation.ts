import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PayRequest, Reservation } from '@iatichet/contracts';
import { api } from '@/lib/api-client';
import { reservationKeys } from './reservation-keys';

/** With the simulated provider the answer is the paid reservation; with Stripe, where to pay. */
export type PayResult = Reservation | { checkoutUrl: string };

export function isCheckoutRedirect(result: PayResult): result is { checkoutUrl: string } {
  return 'checkoutUrl' in result;
}

export interface PayInput {
  id: string;
  body: PayRequest;
  /** One per attempt; the same again only when retrying an attempt that got no answer. */
  idempotencyKey: string;
}

export function payReservation({ id, body, idempotencyKey }: PayInput): Promise<PayResult> {
  return api.post<PayResult>(`/api/reservations/${encodeURIComponent(id)}/pay`, body, {
    headers: { 'idempotency-key': idempotencyKey },
  });
}

/**
 * POST /api/reservations/:id/pay. 402 payment_declined and 503 payment_unavailable leave the
 * reservation payable until it expires; 409 hold_expired means it is over. Either way the cached
 * reservation is refreshed so the page shows what the server now knows.
 */
export function usePayReservation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: payReservation,
    onSuccess: (result, { id }) => {
      if (!isCheckoutRedirect(result)) queryClient.setQueryData(reservationKeys.detail(id), result);
      void queryClient.invalidateQueries({ queryKey: reservationKeys.lists() });
    },
    onError: (_error, { id }) => {
      void queryClient.invalidateQueries({ queryKey: reservationKeys.detail(id) });
    },
  });
}
