import { useQuery } from '@tanstack/react-query';
import type { PaymentConfig } from '@iatichet/contracts';
import { api } from '@/lib/api-client';

/** GET /api/payments/config: card details here (simulated provider) or the provider's own page. */
export function usePaymentConfig() {
  return useQuery({
    queryKey: ['payments', 'config'],
    queryFn: ({ signal }) => api.get<PaymentConfig>('/api/payments/config', { signal }),
    staleTime: Infinity,
  });
}
