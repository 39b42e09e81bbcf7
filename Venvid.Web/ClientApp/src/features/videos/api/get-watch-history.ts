import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoPageSchema, type VideoPage } from '@/types/api';

export function getWatchHistory(cursor: string | null, signal?: AbortSignal): Promise<VideoPage> {
  return api('/api/users/me/history', videoPageSchema, { query: { cursor, limit: 24 }, signal });
}

export const watchHistoryQueryKey = ['me', 'history'] as const;

export const getWatchHistoryQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: watchHistoryQueryKey,
    queryFn: ({ pageParam, signal }) => getWatchHistory(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const useWatchHistory = () => useInfiniteQuery(getWatchHistoryQueryOptions());
