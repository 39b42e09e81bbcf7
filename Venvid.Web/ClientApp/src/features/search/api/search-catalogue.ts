import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { z } from '@/lib/zod';
import { channelPageSchema, playlistPageSchema } from '@/types/api';

const PAGE_SIZE = 20;

/** Pages of one search list (channels or playlists), following the API's cursors. */
function useSearchPages<P extends { nextCursor?: string | null }>(path: string, schema: z.ZodMiniType<P>, q: string) {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: ['search', path, q] as const,
      queryFn: ({ pageParam, signal }) => api(path, schema, { query: { q, cursor: pageParam, limit: PAGE_SIZE }, signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (last: P) => last.nextCursor ?? null,
    }),
  );
}

export const useChannelSearch = (q: string) => useSearchPages('/api/channels', channelPageSchema, q);

export const usePlaylistSearch = (q: string) => useSearchPages('/api/playlists', playlistPageSchema, q);
