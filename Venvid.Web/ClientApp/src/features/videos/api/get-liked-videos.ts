import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { videoPageSchema, type VideoPage } from '@/types/api';

export function getLikedVideos(cursor: string | null, signal?: AbortSignal): Promise<VideoPage> {
  return api('/api/users/me/liked', videoPageSchema, { query: { cursor, limit: 24 }, signal });
}

export const likedVideosQueryKey = ['me', 'liked'] as const;

export const getLikedVideosQueryOptions = () =>
  infiniteQueryOptions({
    queryKey: likedVideosQueryKey,
    queryFn: ({ pageParam, signal }) => getLikedVideos(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });

export const useLikedVideos = () => useInfiniteQuery(getLikedVideosQueryOptions());
