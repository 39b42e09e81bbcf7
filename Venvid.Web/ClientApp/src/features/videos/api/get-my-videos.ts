import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoPageSchema, type VideoPage } from '@/types/api';

export function getMyVideos(cursor: string | null, signal?: AbortSignal): Promise<VideoPage> {
  return api('/api/users/me/videos', videoPageSchema, { query: { cursor, limit: 24 }, signal });
}

export const myVideosQueryKey = ['me', 'videos'] as const;

export const getMyVideosQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: myVideosQueryKey,
    queryFn: ({ pageParam, signal }) => getMyVideos(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const useMyVideos = () => useInfiniteQuery(getMyVideosQueryOptions());
