import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoPageSchema, type VideoPage } from '@/types/api';

export function getRecommended(cursor: string | null, signal?: AbortSignal): Promise<VideoPage> {
  return api('/api/videos/recommended', videoPageSchema, { query: { cursor, limit: 8 }, signal });
}

export const recommendedQueryKey = ['me', 'recommended'] as const;

export const getRecommendedQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: recommendedQueryKey,
    queryFn: ({ pageParam, signal }) => getRecommended(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
    staleTime: 5 * 60_000,
  });

/** Ranked for the signed-in viewer; the server keeps the ranking while the pages are followed. */
export const useRecommended = () => useInfiniteQuery(getRecommendedQueryOptions());
