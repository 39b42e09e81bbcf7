import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useIsSignedIn } from '@/stores/session-store';
import { userSchema, type User } from '@/types/api';

export function getMe(signal?: AbortSignal): Promise<User> {
  return api('/api/users/me', userSchema, { signal });
}

export const meQueryKey = ['me', 'profile'] as const;

export const getMeQueryOptions = () =>
  queryOptions({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 5 * 60_000,
  });

/** The signed-in user; idle when signed out. */
export const useMe = () => {
  const signedIn = useIsSignedIn();
  return useQuery({ ...getMeQueryOptions(), enabled: signedIn });
};
