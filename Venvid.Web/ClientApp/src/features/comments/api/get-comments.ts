import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { commentPageSchema, type CommentPage } from '@/types/api';

export type CommentSort = 'new' | 'old';

export function getComments(videoId: string, sort: CommentSort, cursor: string | null, signal?: AbortSignal): Promise<CommentPage> {
  return api(`/api/videos/${encodeURIComponent(videoId)}/comments`, commentPageSchema, { query: { sort, cursor, limit: 20 }, signal });
}

export const commentsQueryKey = (videoId: string) => ['videos', 'comments', videoId] as const;

export const useComments = (videoId: string, sort: CommentSort) =>
  useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: [...commentsQueryKey(videoId), sort],
      queryFn: ({ pageParam, signal }) => getComments(videoId, sort, pageParam, signal),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? null,
    }),
  );
