import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { channelPageSchema, type ChannelPage } from '@/types/api';

export function getSubscriptions(cursor: string | null, signal?: AbortSignal): Promise<ChannelPage> {
  return api('/api/users/me/subscriptions', channelPageSchema, { query: { cursor, limit: 50 }, signal });
}

export const subscriptionsQueryKey = ['me', 'subscriptions'] as const;

export const getSubscriptionsQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: subscriptionsQueryKey,
    queryFn: ({ pageParam, signal }) => getSubscriptions(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const useSubscriptions = () => useInfiniteQuery(getSubscriptionsQueryOptions());
