/**
 * API tokens of one organizer: POST (the secret comes back once), GET (no secrets; every page, an
 * organizer keeps a handful), DELETE revokes.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getAllPages } from '@/lib/all-pages';
import { api } from '@/lib/api-client';

export const TOKEN_SCOPES = ['events:read', 'events:write', 'reservations:read', 'reservations:write', 'checkin'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt?: string;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

export interface CreatedToken extends ApiToken {
  /** The secret: in this answer only, never again. */
  token: string;
}

const base = (organizerId: string) => `/api/organizers/${encodeURIComponent(organizerId)}/tokens`;
const tokensQueryKey = (organizerId: string) => ['admin', 'organizers', organizerId, 'tokens'] as const;

export function useTokens(organizerId: string) {
  return useQuery(
    queryOptions({
      queryKey: tokensQueryKey(organizerId),
      queryFn: ({ signal }) => getAllPages<ApiToken>(base(organizerId), signal),
    }),
  );
}

export function useCreateToken(organizerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; scopes: TokenScope[] }) => api.post<CreatedToken>(base(organizerId), input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey(organizerId) }),
  });
}

export function useRevokeToken(organizerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => api.delete(`${base(organizerId)}/${encodeURIComponent(tokenId)}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey(organizerId) }),
  });
}
