import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { commentPageSchema, type CommentPage } from '@/types/api';

export function getReplies(commentId: string, cursor: string | null, signal?: AbortSignal): Promise<CommentPage> {
  return api(`/api/comments/${encodeURIComponent(commentId)}/replies`, commentPageSchema, { query: { cursor, limit: 20 }, signal });
}

export const repliesQueryKey = (commentId: string) => ['comments', 'replies', commentId] as const;

export const useReplies = (commentId: string) =>
  useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: repliesQueryKey(commentId),
      queryFn: ({ pageParam, signal }) => getReplies(commentId, pageParam, signal),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? null,
    }),
  );
