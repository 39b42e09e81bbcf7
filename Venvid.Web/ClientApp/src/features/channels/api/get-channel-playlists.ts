import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { playlistPageSchema, type PlaylistPage } from '@/types/api';

export function getChannelPlaylists(username: string, cursor: string | null, signal?: AbortSignal): Promise<PlaylistPage> {
  return api(`/api/channels/${encodeURIComponent(username)}/playlists`, playlistPageSchema, { query: { cursor, limit: 24 }, signal });
}

export const channelPlaylistsQueryKey = (username: string) => ['channels', 'playlists', username.toLowerCase()] as const;

export const useChannelPlaylists = (username: string) =>
  useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: channelPlaylistsQueryKey(username),
      queryFn: ({ pageParam, signal }) => getChannelPlaylists(username, pageParam, signal),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? null,
    }),
  );
