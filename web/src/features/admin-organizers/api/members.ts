/** The team of one organizer: GET|POST /api/organizers/:id/members, PATCH|DELETE .../members/:userId. */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getAllPages } from '@/lib/all-pages';
import { api } from '@/lib/api-client';

export const MEMBER_ROLES = ['owner', 'manager', 'checkin'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Member {
  user: { id: string; email: string; name: string };
  role: MemberRole;
  createdAt: string;
}

const base = (organizerId: string) => `/api/organizers/${encodeURIComponent(organizerId)}/members`;
export const membersQueryKey = (organizerId: string) => ['admin', 'organizers', organizerId, 'members'] as const;

export function membersQueryOptions(organizerId: string) {
  return queryOptions({
    queryKey: membersQueryKey(organizerId),
    queryFn: ({ signal }) => getAllPages<Member>(base(organizerId), signal),
  });
}

export function useMembers(organizerId: string) {
  return useQuery(membersQueryOptions(organizerId));
}

/** Every change to the team refetches it: an invitation may have created an account, a role change another row. */
function useMemberMutation<T>(organizerId: string, send: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSettled: () => queryClient.invalidateQueries({ queryKey: membersQueryKey(organizerId) }),
  });
}

export function useInviteMember(organizerId: string) {
  return useMemberMutation(organizerId, (input: { email: string; role: MemberRole }) =>
    api.post<Member>(base(organizerId), input),
  );
}

export function useChangeMemberRole(organizerId: string) {
  return useMemberMutation(organizerId, ({ userId, role }: { userId: string; role: MemberRole }) =>
    api.patch<Member>(`${base(organizerId)}/${encodeURIComponent(userId)}`, { role }),
  );
}

export function useRemoveMember(organizerId: string) {
  return useMemberMutation(organizerId, (userId: string) => api.delete(`${base(organizerId)}/${encodeURIComponent(userId)}`));
}
