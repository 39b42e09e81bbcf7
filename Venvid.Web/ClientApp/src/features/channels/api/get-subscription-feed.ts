import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoPageSchema, type VideoPage } from '@/types/api';

export function getSubscriptionFeed(cursor: string | null, signal?: AbortSignal): Promise<VideoPage> {
  return api('/api/feed/subscriptions', videoPageSchema, { query: { cursor, limit: 24 }, signal });
}

export const subscriptionFeedQueryKey = ['me', 'feed', 'subscriptions'] as const;

export const getSubscriptionFeedQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: subscriptionFeedQueryKey,
    queryFn: ({ pageParam, signal }) => getSubscriptionFeed(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const useSubscriptionFeed = () => useInfiniteQuery(getSubscriptionFeedQueryOptions());
