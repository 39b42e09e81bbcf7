import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { channelPageSchema, playlistPageSchema, type ChannelPage, type PlaylistPage } from '@/types/api';

const PAGE_SIZE = 20;

/** Pages of one search list (channels or playlists), following the API's cursors. */
function searchPages<P extends ChannelPage | PlaylistPage>(path: string, fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<P>, q: string) {
  return infiniteQueryOptions({
    queryKey: ['search', path, q] as const,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: P) => last.nextCursor ?? null,
  });
}

export const useChannelSearch = (q: string) =>
  useInfiniteQuery(
    searchPages('/api/channels', (cursor, signal) => api('/api/channels', channelPageSchema, { query: { q, cursor, limit: PAGE_SIZE }, signal }), q),
  );

export const usePlaylistSearch = (q: string) =>
  useInfiniteQuery(
    searchPages('/api/playlists', (cursor, signal) => api('/api/playlists', playlistPageSchema, { query: { q, cursor, limit: PAGE_SIZE }, signal }), q),
  );
