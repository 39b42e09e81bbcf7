import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { channelPageSchema, playlistPageSchema } from '@/types/api';

const PAGE_SIZE = 20;

export const useChannelSearch = (q: string) =>
  useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: ['search', 'channels', q] as const,
      queryFn: ({ pageParam, signal }) => api('/api/channels', channelPageSchema, { query: { q, cursor: pageParam, limit: PAGE_SIZE }, signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? null,
    }),
  );

export const usePlaylistSearch = (q: string) =>
  useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: ['search', 'playlists', q] as const,
      queryFn: ({ pageParam, signal }) => api('/api/playlists', playlistPageSchema, { query: { q, cursor: pageParam, limit: PAGE_SIZE }, signal }),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? null,
    }),
  );
